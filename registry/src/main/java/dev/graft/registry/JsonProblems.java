package dev.graft.registry;

import java.io.EOFException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in words what went wrong when Gson read one of the registry's files (an index, the lockfile, the registry
 * list): where the text stops being JSON, or which value has the wrong shape, without Gson's exception class names
 * and troubleshooting links.
 */
public final class JsonProblems {
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)(?: path (\\S+))?");
    private static final Pattern SHAPE = Pattern.compile("Expected (\\w+) but was (\\w+)");
    private static final Map<String, String> TOKENS = Map.of("BEGIN_OBJECT", "an object", "BEGIN_ARRAY", "an array",
            "STRING", "a string", "NUMBER", "a number", "BOOLEAN", "true or false", "NULL", "null",
            "END_DOCUMENT", "the end of the text", "END_OBJECT", "the end of an object", "END_ARRAY",
            "the end of an array", "NAME", "a field name");

    private JsonProblems() {
    }

    /**
     * @param e what Gson threw while reading
     * @return e.g. {@code syntax error (unterminated string) at line 9 column 8 ($.plugins[0].size)} or
     *     {@code expected an object but found an array at line 1 column 2 ($)}
     */
    public static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher at = POSITION.matcher(message);
        String where = at.find() ? " at line " + at.group(1) + " column " + at.group(2)
                + (at.group(3) == null ? "" : " (" + at.group(3) + ")") : "";
        Matcher shape = SHAPE.matcher(message);
        if (shape.find()) {
            return "expected " + TOKENS.getOrDefault(shape.group(1), shape.group(1)) + " but found "
                    + TOKENS.getOrDefault(shape.group(2), shape.group(2)) + where;
        }
        if (e instanceof EOFException || e.getCause() instanceof EOFException || message.contains("End of input")) {
            return "it ends early" + where;
        }
        // Gson's own words for the fault, e.g. "Unterminated string", without the exception class names before it.
        String reason = message.split(" at line ", 2)[0].replaceFirst("^(?:[\\w.$]+(?:Exception|Error): )+", "");
        boolean plain = !reason.isBlank() && !reason.contains("\n");
        return "syntax error" + (plain ? " (" + reason.toLowerCase(Locale.ROOT) + ")" : "") + where;
    }
}
