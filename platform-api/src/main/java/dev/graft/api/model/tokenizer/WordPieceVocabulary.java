package dev.graft.api.model.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WordPiece vocabulary from {@link WordPieceTrainer}, with an encoder that works as Hugging Face's BERT
 * tokenizer does: special tokens in the text recognised, BERT normalisation and word splitting, greedy
 * longest-match-first pieces ({@code ##} marks a piece inside a word), {@code [UNK]} for a word that cannot be
 * spelled or is longer than {@value #MAX_CHARS_PER_WORD} characters, {@code [CLS]} and {@code [SEP]} around the
 * text. Thread-safe.
 */
public final class WordPieceVocabulary implements TrainedVocabulary {
    /** Words longer than this many characters become {@code [UNK]}. */
    public static final int MAX_CHARS_PER_WORD = 100;

    private final Map<String, Integer> vocab;
    private final boolean lowercase;
    private final AddedTokens added = specials();

    WordPieceVocabulary(LinkedHashMap<String, Integer> vocab, boolean lowercase) {
        this.vocab = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
        this.lowercase = lowercase;
    }

    static AddedTokens specials() {
        return new AddedTokens(WordPieceTrainer.SPECIAL_TOKENS, List.of(0, 1, 2, 3, 4));
    }

    @Override
    public Map<String, Integer> vocab() {
        return vocab;
    }

    /** @return whether text is lowercased and stripped of accents */
    public boolean lowercase() {
        return lowercase;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        out.add(vocab.get("[CLS]"));
        for (AddedTokens.Segment s : added.split(text)) {
            if (s.id() >= 0) {
                out.add(s.id());
                continue;
            }
            for (String word : BertText.words(BertText.normalize(s.text(), lowercase))) {
                pieces(word, out);
            }
        }
        out.add(vocab.get("[SEP]"));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void pieces(String word, List<Integer> out) {
        int[] cps = word.codePoints().toArray();
        int unk = vocab.get("[UNK]");
        if (cps.length > MAX_CHARS_PER_WORD) {
            out.add(unk);
            return;
        }
        List<Integer> ids = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            Integer found = null;
            int end = cps.length;
            for (; end > start; end--) {
                String piece = (start > 0 ? WordPieceTrainer.PREFIX : "") + new String(cps, start, end - start);
                found = vocab.get(piece);
                if (found != null) {
                    break;
                }
            }
            if (found == null) {
                out.add(unk);
                return;
            }
            ids.add(found);
            start = end;
        }
        out.addAll(ids);
    }

    @Override
    public String tokenizerJson() {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        root.add("added_tokens", TokenizerJson.addedTokens(WordPieceTrainer.SPECIAL_TOKENS, vocab));
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", true);
        normalizer.add("strip_accents", JsonNull.INSTANCE);
        normalizer.addProperty("lowercase", lowercase);
        root.add("normalizer", normalizer);
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "BertPreTokenizer");
        root.add("pre_tokenizer", pre);
        root.add("post_processor", template());
        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", WordPieceTrainer.PREFIX);
        decoder.addProperty("cleanup", true);
        root.add("decoder", decoder);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", "[UNK]");
        model.addProperty("continuing_subword_prefix", WordPieceTrainer.PREFIX);
        model.addProperty("max_input_chars_per_word", MAX_CHARS_PER_WORD);
        JsonObject v = new JsonObject();
        vocab.forEach(v::addProperty);
        model.add("vocab", v);
        root.add("model", model);
        return TokenizerJson.format(root);
    }

    /** {@code [CLS] $A [SEP]} and {@code [CLS] $A [SEP] $B:1 [SEP]:1}. */
    private JsonObject template() {
        JsonObject t = new JsonObject();
        t.addProperty("type", "TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(piece("SpecialToken", "[CLS]", 0));
        single.add(piece("Sequence", "A", 0));
        single.add(piece("SpecialToken", "[SEP]", 0));
        t.add("single", single);
        JsonArray pair = new JsonArray();
        pair.add(piece("SpecialToken", "[CLS]", 0));
        pair.add(piece("Sequence", "A", 0));
        pair.add(piece("SpecialToken", "[SEP]", 0));
        pair.add(piece("Sequence", "B", 1));
        pair.add(piece("SpecialToken", "[SEP]", 1));
        t.add("pair", pair);
        JsonObject specials = new JsonObject();
        for (String s : List.of("[CLS]", "[SEP]")) {
            JsonObject o = new JsonObject();
            o.addProperty("id", s);
            JsonArray ids = new JsonArray();
            ids.add(vocab.get(s));
            o.add("ids", ids);
            JsonArray tokens = new JsonArray();
            tokens.add(s);
            o.add("tokens", tokens);
            specials.add(s, o);
        }
        t.add("special_tokens", specials);
        return t;
    }

    private static JsonObject piece(String kind, String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add(kind, inner);
        return o;
    }

    @Override
    public String tokenizerConfigJson() {
        JsonObject o = new JsonObject();
        o.addProperty("cls_token", "[CLS]");
        o.addProperty("mask_token", "[MASK]");
        o.addProperty("pad_token", "[PAD]");
        o.addProperty("sep_token", "[SEP]");
        o.addProperty("unk_token", "[UNK]");
        o.addProperty("do_lower_case", lowercase);
        return TokenizerJson.format(o);
    }
}
