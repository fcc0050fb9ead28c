package dev.graft.tests.hf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Hugging Face reference fixtures in the test resources ({@code hf/README.md} says what they hold). */
final class Fixtures {
    static final List<String> MODELS = List.of("bert-tiny", "gpt2-tiny", "t5-tiny");

    /** The sentences of the fixtures' batch, in order (gen_fixtures.py's SENTS). */
    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Licenses grant permission to copy, modify and distribute software.",
            "Knowledge inheritance: small models teach larger ones!",
            "h\u00e9llo w\u00f6rld \u2014 na\u00efve caf\u00e9, 3.14 and x+y=z");

    private Fixtures() {
    }

    static Path dir(String model) {
        URL url = Fixtures.class.getResource("/hf/" + model + "/config.json");
        if (url == null) {
            throw new IllegalStateException("fixture " + model + " is missing from the test resources");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject reference(String model) {
        try {
            return JsonParser.parseString(Files.readString(dir(model).resolve("reference.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[][] matrix(JsonObject reference, String key) {
        JsonArray rows = reference.getAsJsonArray(key);
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = ints(rows.get(i).getAsJsonArray());
        }
        return out;
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    record TokenizerCase(String text, int[] ids) {
    }

    static List<TokenizerCase> tokenizerCases(String model) {
        List<TokenizerCase> out = new ArrayList<>();
        for (JsonElement e : reference(model).getAsJsonArray("tokenizer_cases")) {
            JsonObject o = e.getAsJsonObject();
            out.add(new TokenizerCase(o.get("text").getAsString(), ints(o.getAsJsonArray("ids"))));
        }
        return out;
    }
}
