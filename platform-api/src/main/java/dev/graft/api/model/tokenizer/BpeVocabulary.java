package dev.graft.api.model.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-level BPE vocabulary from {@link BpeTrainer}: the vocabulary, the merges in rank order, and an encoder
 * that applies them as Hugging Face's BPE model does (the lowest-ranked adjacent pair first, the leftmost on a
 * tie, until no pair can merge). Adds no special tokens around a text, as GPT-2 does not. Thread-safe.
 */
public final class BpeVocabulary implements TrainedVocabulary {
    private final Map<String, Integer> vocab;
    private final List<String[]> merges;
    private final List<String> specialTokens;
    private final Map<Long, int[]> rankAndId = new HashMap<>();
    private final AddedTokens added;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BpeVocabulary(LinkedHashMap<String, Integer> vocab, List<String[]> merges, List<String> specialTokens) {
        this.vocab = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
        this.merges = List.copyOf(merges);
        this.specialTokens = List.copyOf(specialTokens);
        for (int r = 0; r < merges.size(); r++) {
            String[] m = merges.get(r);
            long key = MergeLearner.key(vocab.get(m[0]), vocab.get(m[1]));
            rankAndId.putIfAbsent(key, new int[] {r, vocab.get(m[0] + m[1])});
        }
        this.added = new AddedTokens(specialTokens, specialTokens.stream().map(vocab::get).toList());
    }

    @Override
    public Map<String, Integer> vocab() {
        return vocab;
    }

    /** @return the merges in rank order, each a pair of tokens */
    public List<List<String>> merges() {
        return merges.stream().map(List::of).toList();
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (AddedTokens.Segment s : added.split(text)) {
            if (s.id() >= 0) {
                out.add(s.id());
                continue;
            }
            for (String piece : ByteLevel.pieces(s.text())) {
                for (int id : cache.computeIfAbsent(piece, this::bpe)) {
                    out.add(id);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] bpe(String piece) {
        int[] symbols = piece.codePoints().map(c -> vocab.get(Character.toString(c))).toArray();
        int n = symbols.length;
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int at = -1;
            int newId = -1;
            for (int i = 0; i + 1 < n; i++) {
                int[] m = rankAndId.get(MergeLearner.key(symbols[i], symbols[i + 1]));
                if (m != null && m[0] < bestRank) {
                    bestRank = m[0];
                    at = i;
                    newId = m[1];
                }
            }
            if (at < 0) {
                break;
            }
            symbols[at] = newId;
            System.arraycopy(symbols, at + 2, symbols, at + 1, n - at - 2);
            n--;
        }
        return java.util.Arrays.copyOf(symbols, n);
    }

    @Override
    public String tokenizerJson() {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        root.add("added_tokens", TokenizerJson.addedTokens(specialTokens, vocab));
        root.add("normalizer", JsonNull.INSTANCE);
        root.add("pre_tokenizer", byteLevel(false, true));
        root.add("post_processor", byteLevel(true, false));
        root.add("decoder", byteLevel(true, true));
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.add("continuing_subword_prefix", JsonNull.INSTANCE);
        model.add("end_of_word_suffix", JsonNull.INSTANCE);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", false);
        JsonObject v = new JsonObject();
        vocab.forEach(v::addProperty);
        model.add("vocab", v);
        JsonArray m = new JsonArray();
        // "a b" strings: read by every version of the tokenizers library (byte-level tokens hold no spaces)
        merges.forEach(pair -> m.add(pair[0] + " " + pair[1]));
        model.add("merges", m);
        root.add("model", model);
        return TokenizerJson.format(root);
    }

    private static JsonObject byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", addPrefixSpace);
        o.addProperty("trim_offsets", trimOffsets);
        o.addProperty("use_regex", true);
        return o;
    }

    @Override
    public String tokenizerConfigJson() {
        JsonObject o = new JsonObject();
        if (!specialTokens.isEmpty()) {
            String first = specialTokens.get(0);
            o.addProperty("bos_token", first);
            o.addProperty("eos_token", first);
            o.addProperty("pad_token", first);
            o.addProperty("unk_token", first);
        }
        return TokenizerJson.format(o);
    }
}
