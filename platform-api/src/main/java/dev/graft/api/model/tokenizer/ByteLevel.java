package dev.graft.api.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level pre-tokenization, as Hugging Face's {@code ByteLevel} pre-tokenizer does it with
 * {@code add_prefix_space: false, use_regex: true}: split with GPT-2's regular expression, then spell each
 * piece's UTF-8 bytes with one printable character per byte.
 */
final class ByteLevel {
    /** GPT-2's split pattern; {@code \s} is Unicode White_Space as in the Rust implementation. */
    static final Pattern SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = new char[256];

    static {
        // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest take code points from 256 on.
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
            BYTE_TO_CHAR[b] = (char) (printable ? b : 256 + next++);
        }
    }

    private ByteLevel() {
    }

    /** @return the 256 characters of the byte alphabet, in byte order */
    static List<String> alphabet() {
        List<String> out = new ArrayList<>(256);
        for (char c : BYTE_TO_CHAR) {
            out.add(String.valueOf(c));
        }
        return out;
    }

    /** @return the pieces of {@code text}, each spelled in the byte alphabet */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = SPLIT.matcher(text);
        while (m.find()) {
            out.add(spell(m.group()));
        }
        return out;
    }

    private static String spell(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }
}
