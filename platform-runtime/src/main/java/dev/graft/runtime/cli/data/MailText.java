package dev.graft.runtime.cli.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of a raw e-mail message (RFC 5322 with MIME): its subject and the text of its body, for the
 * SpamAssassin corpus. The body is what a mail reader shows: the {@code text/plain} parts, decoded from base64 or
 * quoted-printable in their charset, or the {@code text/html} parts with their tags removed where a message has
 * no plain text; attachments and other parts are left out. Not a general MIME library: encoded words in the
 * subject ({@code =?utf-8?Q?...?=}) are kept as they stand, and a malformed part is read as plain text.
 */
final class MailText {
    private static final Pattern PARAMETER = Pattern.compile(";\\s*([A-Za-z-]+)\\s*=\\s*(\"[^\"]*\"|[^;\\s]+)");
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(style|script|head)\\b.*?</\\1\\s*>");

    /** One part: its header fields (lower-case names, folded lines joined) and its raw body. */
    private record Part(Map<String, String> headers, String body) {
        static Part parse(String text) {
            int end = text.startsWith("\n") ? 0 : text.indexOf("\n\n");
            String head = end < 0 ? text : text.substring(0, end);
            Map<String, String> headers = new LinkedHashMap<>();
            String name = null;
            for (String line : head.split("\n")) {
                if (name != null && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    headers.merge(name, " " + line.strip(), String::concat);
                    continue;
                }
                int colon = line.indexOf(':');
                name = colon > 0 && line.substring(0, colon).indexOf(' ') < 0
                        ? line.substring(0, colon).toLowerCase(Locale.ROOT) : null;
                if (name != null) {
                    headers.putIfAbsent(name, line.substring(colon + 1).strip());
                }
            }
            return new Part(headers, end < 0 ? "" : text.substring(end + (end == 0 ? 1 : 2)));
        }

        /** @return the media type in lower case, {@code text/plain} when none is given */
        String type() {
            String t = headers.getOrDefault("content-type", "text/plain");
            int semi = t.indexOf(';');
            return (semi < 0 ? t : t.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        }

        String parameter(String name) {
            Matcher m = PARAMETER.matcher(headers.getOrDefault("content-type", ""));
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(name)) {
                    String v = m.group(2);
                    return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
                }
            }
            return null;
        }
    }

    private MailText() {
    }

    /**
     * @param message a raw message, its bytes read as ISO-8859-1 (one character per byte) so that every part can
     *                be decoded in its own charset
     * @return the subject (empty if none) and the body's text
     */
    static String[] subjectAndBody(String message) {
        Part mail = Part.parse(message.replace("\r\n", "\n"));
        List<String> plain = new ArrayList<>();
        List<String> html = new ArrayList<>();
        collect(mail, plain, html, 0);
        String body = !plain.isEmpty() ? String.join("\n", plain)
                : String.join("\n", html.stream().map(MailText::stripHtml).toList());
        String subject = mail.headers().getOrDefault("subject", "");
        return new String[] {decode(subject.getBytes(StandardCharsets.ISO_8859_1), "utf-8"), body};
    }

    private static void collect(Part p, List<String> plain, List<String> html, int depth) {
        String type = p.type();
        String boundary = p.parameter("boundary");
        if (type.startsWith("multipart/") && boundary != null && depth < 10) {
            // The parts lie between the delimiter lines; the preamble before the first and the epilogue after the
            // closing one are not content.
            String b = Pattern.quote(boundary);
            String body = p.body().split("(?m)^--" + b + "--[ \t]*$", 2)[0];
            String[] sections = body.split("(?m)^--" + b + "[ \t]*$");
            for (int i = 1; i < sections.length; i++) {
                String s = sections[i].startsWith("\n") ? sections[i].substring(1) : sections[i];
                if (!s.isBlank()) {
                    collect(Part.parse(s), plain, html, depth + 1);
                }
            }
            return;
        }
        if (type.equals("message/rfc822") && depth < 10) {
            collect(Part.parse(p.body()), plain, html, depth + 1);
            return;
        }
        String disposition = p.headers().getOrDefault("content-disposition", "").toLowerCase(Locale.ROOT);
        if (disposition.startsWith("attachment") || !(type.equals("text/plain") || type.equals("text/html"))) {
            return;
        }
        String text = decode(transferDecode(p), p.parameter("charset"));
        (type.equals("text/plain") ? plain : html).add(text);
    }

    /** @return the part's body bytes, undoing base64 or quoted-printable */
    private static byte[] transferDecode(Part p) {
        String encoding = p.headers().getOrDefault("content-transfer-encoding", "").strip().toLowerCase(Locale.ROOT);
        String body = p.body();
        if (encoding.equals("base64")) {
            try {
                return Base64.getMimeDecoder().decode(body.replaceAll("[^A-Za-z0-9+/=]", ""));
            } catch (IllegalArgumentException malformed) {
                return body.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        if (encoding.equals("quoted-printable")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '=' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++; // soft line break
                } else if (c == '=' && i + 2 < body.length() && hex(body.charAt(i + 1)) >= 0
                        && hex(body.charAt(i + 2)) >= 0) {
                    out.write(hex(body.charAt(i + 1)) * 16 + hex(body.charAt(i + 2)));
                    i += 2;
                } else {
                    out.write(c);
                }
            }
            return out.toByteArray();
        }
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** @return the bytes in the named charset, or as UTF-8 where valid and ISO-8859-1 where not, if it is unknown */
    private static String decode(byte[] bytes, String charset) {
        if (charset != null) {
            try {
                if (Charset.isSupported(charset) && !charset.equalsIgnoreCase("us-ascii")) {
                    return new String(bytes, Charset.forName(charset));
                }
            } catch (IllegalArgumentException unknownName) {
                // fall through to the guess below
            }
        }
        return text(bytes);
    }

    /** @return the bytes as UTF-8 where they are valid UTF-8, else as ISO-8859-1 (every byte one character) */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static String stripHtml(String html) {
        return ExtendedFetcher.unescape(ExtendedFetcher.TAG.matcher(INVISIBLE.matcher(html).replaceAll(" ")).replaceAll(" "));
    }
}
