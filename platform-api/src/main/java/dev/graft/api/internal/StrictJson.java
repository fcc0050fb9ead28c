package dev.graft.api.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict JSON reading for the Hugging Face files ({@code config.json}, {@code tokenizer.json}...). Not API. */
public final class StrictJson {
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private StrictJson() {
    }

    /**
     * Says in words what Gson's parse error means, without its exception class names.
     *
     * @param e what parsing threw
     * @return {@code it ends early at line 2 column 1} or {@code syntax error at line 3 column 7}
     */
    public static String syntaxError(Exception e) {
        Matcher m = POSITION.matcher(String.valueOf(e.getMessage()));
        String at = m.find() ? " at line " + m.group(1) + " column " + m.group(2) : "";
        boolean early = e instanceof EOFException || e.getCause() instanceof EOFException;
        return (early ? "it ends early" : "syntax error") + at;
    }

    /**
     * Reads a JSON object that Graft wrote itself: a checkpoint's or a cache entry's state.
     *
     * @param remedy what the user can do when the file is damaged, e.g. {@code remove DIR and the run starts again}
     * @throws IOException naming the file, where it breaks and the remedy, or if it cannot be read
     */
    public static JsonObject readState(Path file, String remedy) throws IOException {
        String text = Files.readString(file);
        try {
            JsonElement root = JsonParser.parseString(text);
            if (root.isJsonObject()) {
                return root.getAsJsonObject();
            }
            throw new IOException(file + ": not a JSON object; " + remedy);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON (" + syntaxError(e) + "); " + remedy, e);
        }
    }

    /**
     * Reads a file that must hold one JSON object.
     *
     * @param maxBytes the largest file accepted
     * @throws ModelFormatException if it is too large, not JSON or not an object
     * @throws IOException          if it cannot be read
     */
    public static JsonObject readObject(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new ModelFormatException(file, Problem.BAD_FIELD,
                    "file is " + size + " bytes, more than the " + maxBytes + " accepted");
        }
        return parseObject(file, Files.readString(file));
    }

    /**
     * Parses text that must hold one JSON object, strictly (no comments, no unquoted names, nothing after it).
     *
     * @param source the file it came from, named in errors
     * @throws ModelFormatException if it is not JSON ({@code NOT_JSON}) or not an object ({@code BAD_FIELD})
     */
    public static JsonObject parseObject(Path source, String json) throws ModelFormatException {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        JsonElement root;
        try {
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ModelFormatException(source, Problem.NOT_JSON, "has content after its JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ModelFormatException(source, Problem.NOT_JSON, "is not JSON (" + syntaxError(e) + ")");
        }
        if (!root.isJsonObject()) {
            throw new ModelFormatException(source, Problem.BAD_FIELD, "holds " + (root.isJsonArray() ? "an array"
                    : "a single value") + ", expected a JSON object");
        }
        return root.getAsJsonObject();
    }
}
