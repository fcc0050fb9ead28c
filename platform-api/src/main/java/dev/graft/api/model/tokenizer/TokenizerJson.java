package dev.graft.api.model.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/** Pieces of Hugging Face's {@code tokenizer.json} format shared by the trained vocabularies. */
final class TokenizerJson {
    private TokenizerJson() {
    }

    static JsonArray addedTokens(List<String> specialTokens, Map<String, Integer> vocab) {
        JsonArray added = new JsonArray();
        for (String t : specialTokens) {
            JsonObject o = new JsonObject();
            o.addProperty("id", vocab.get(t));
            o.addProperty("content", t);
            o.addProperty("single_word", false);
            o.addProperty("lstrip", false);
            o.addProperty("rstrip", false);
            o.addProperty("normalized", false);
            o.addProperty("special", true);
            added.add(o);
        }
        return added;
    }

    static String format(JsonObject root) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root)
                + "\n";
    }
}
