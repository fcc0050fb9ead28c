package dev.graft.api.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python 3.11 documentation as stored in the bundle: the prose paragraphs and headings of every
 * reStructuredText source (code removed), and the FAQ's question/answer pairs. Immutable once loaded.
 */
public final class PythonDocs {
    /**
     * One block of a documentation file.
     *
     * @param file    the source path without {@code .rst.txt}, e.g. {@code library/json}
     * @param heading whether the block is a section heading (else a prose paragraph)
     * @param text    the block's text, markup removed
     */
    public record Paragraph(String file, boolean heading, String text) {
        /** @return the top folder of the file ({@code library}, {@code howto}, ...), or {@code ""} for top-level files */
        public String section() {
            int slash = file.indexOf('/');
            return slash < 0 ? "" : file.substring(0, slash);
        }
    }

    /**
     * One FAQ entry.
     *
     * @param file     the FAQ file, e.g. {@code faq/programming}
     * @param question the question (a section heading ending in {@code ?})
     * @param answer   the prose of the answer, code removed
     */
    public record FaqEntry(String file, String question, String answer) {
    }

    private final List<Paragraph> paragraphs;
    private final List<FaqEntry> faq;

    private PythonDocs(List<Paragraph> paragraphs, List<FaqEntry> faq) {
        this.paragraphs = paragraphs;
        this.faq = faq;
    }

    /**
     * Loads the documentation from a bundle.
     *
     * @param bundle the data bundle
     * @return the documentation
     * @throws BundleException if a file is corrupt or a line malformed
     */
    public static PythonDocs load(DataBundle bundle) {
        Path parFile = bundle.directory().resolve(BundleFile.PYDOC_PARAGRAPHS.path());
        List<Paragraph> paragraphs = new ArrayList<>();
        int n = 0;
        for (String[] f : bundle.rows(BundleFile.PYDOC_PARAGRAPHS)) {
            n++;
            boolean heading = switch (f[1]) {
                case "heading" -> true;
                case "prose" -> false;
                default -> throw new BundleException(BundleException.Kind.MALFORMED, parFile,
                        "row " + n + ": field kind is '" + f[1] + "', expected 'heading' or 'prose'", null);
            };
            paragraphs.add(new Paragraph(f[0], heading, f[2]));
        }
        Path faqFile = bundle.directory().resolve(BundleFile.PYDOC_FAQ.path());
        List<FaqEntry> faq = new ArrayList<>();
        n = 0;
        for (String line : bundle.lines(BundleFile.PYDOC_FAQ)) {
            n++;
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                faq.add(new FaqEntry(o.get("file").getAsString(), o.get("question").getAsString(),
                        o.get("answer").getAsString()));
            } catch (JsonParseException | IllegalStateException | NullPointerException e) {
                throw new BundleException(BundleException.Kind.MALFORMED, faqFile,
                        "line " + n + " is not an object with string fields file, question, answer", e);
            }
        }
        return new PythonDocs(List.copyOf(paragraphs), List.copyOf(faq));
    }

    /** @return every block, in file order */
    public List<Paragraph> paragraphs() {
        return paragraphs;
    }

    /** @return every FAQ entry, in file order */
    public List<FaqEntry> faq() {
        return faq;
    }
}
