package dev.graft.api.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.graft.api.internal.StrictJson;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.model.tokenizer.TokenizerOptions.Padding;
import dev.graft.api.model.tokenizer.TokenizerOptions.Truncation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer loaded from {@code tokenizer.json}, run by Hugging Face's own Rust implementation
 * (through DJL's bundled native library), so that ids are exactly those Python's {@code tokenizers} produces.
 *
 * <p>Special tokens ({@link #specialTokens()}) and the padding side come from {@code tokenizer_config.json} in the
 * same directory when it exists. Truncation is done by the native tokenizer, which keeps room for the special
 * tokens; padding is applied here, with the configured pad token, on the right unless the configuration says
 * {@code "padding_side": "left"}.
 *
 * <p>The native library is loaded from the dependency's own jar: this class sets the system property
 * {@code ai.djl.offline=true} when it is unset, so that nothing is ever downloaded. Encoding and decoding may run
 * concurrently from several threads. {@link #close()} frees the native tokenizer; use try-with-resources.
 *
 * <pre>{@code
 * try (Tokenizer tok = Tokenizer.load(dir)) {
 *     int[] ids = tok.encode("The quick brown fox").ids();
 * }
 * }</pre>
 */
public final class Tokenizer implements AutoCloseable {
    /** The largest {@code tokenizer.json} accepted, in bytes. */
    public static final long MAX_TOKENIZER_BYTES = 512L << 20;

    private static final String[] SPECIAL_NAMES = {"pad_token", "unk_token", "cls_token", "sep_token",
        "mask_token", "bos_token", "eos_token"};

    private final Path file;
    private final HuggingFaceTokenizer native_;
    private final TokenizerOptions options;
    private final SpecialTokens special;
    private final Map<String, Integer> vocab;
    private final int vocabSize;
    private final boolean padLeft;

    private Tokenizer(Path file, HuggingFaceTokenizer native_, TokenizerOptions options, SpecialTokens special,
                      Map<String, Integer> vocab, boolean padLeft) {
        this.file = file;
        this.native_ = native_;
        this.options = options;
        this.special = special;
        this.vocab = vocab;
        this.vocabSize = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.padLeft = padLeft;
    }

    /**
     * Loads a tokenizer with {@link TokenizerOptions#defaults()}.
     *
     * @param path {@code tokenizer.json}, or the directory holding it
     * @throws ModelFormatException if the file (or {@code tokenizer_config.json}) is malformed
     * @throws IOException          if it cannot be read
     */
    public static Tokenizer load(Path path) throws IOException {
        return load(path, TokenizerOptions.defaults());
    }

    /**
     * Loads a tokenizer.
     *
     * @param path    {@code tokenizer.json}, or the directory holding it
     * @param options special tokens, truncation and padding for every encode call
     * @throws ModelFormatException if the file (or {@code tokenizer_config.json}) is malformed, the native
     *                              tokenizer refuses it, or padding is asked for and no pad token is named
     * @throws IOException          if it cannot be read
     */
    public static Tokenizer load(Path path, TokenizerOptions options) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        JsonObject json = StrictJson.readObject(file, MAX_TOKENIZER_BYTES);
        Map<String, Integer> vocab = vocabulary(file, json);
        Path configFile = file.resolveSibling("tokenizer_config.json");
        JsonObject config = Files.exists(configFile) ? StrictJson.readObject(configFile, MAX_TOKENIZER_BYTES)
                : new JsonObject();
        SpecialTokens special = specialTokens(configFile, config, json, vocab);
        boolean padLeft = false;
        if (config.has("padding_side")) {
            String side = config.get("padding_side").isJsonPrimitive() ? config.get("padding_side").getAsString()
                    : "";
            if (!side.equals("left") && !side.equals("right")) {
                throw new ModelFormatException(configFile, Problem.BAD_FIELD,
                        "field 'padding_side' must be \"left\" or \"right\", got " + config.get("padding_side"));
            }
            padLeft = side.equals("left");
        }
        if (options.padding() != Padding.NONE && special.pad().isEmpty()) {
            throw new ModelFormatException(configFile, Problem.BAD_FIELD,
                    "padding " + options.padding() + " needs a 'pad_token', and none is named");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(options.addSpecialTokens())
                .optPadding(false)
                .optTruncation(options.truncation() != Truncation.NONE);
        if (options.truncation() == Truncation.ONLY_FIRST) {
            builder.optTruncateFirstOnly();
        } else if (options.truncation() == Truncation.ONLY_SECOND) {
            builder.optTruncateSecondOnly();
        }
        if (options.maxLength() > 0) {
            builder.optMaxLength(options.maxLength());
        }
        HuggingFaceTokenizer native_;
        try {
            native_ = builder.build();
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, Problem.BAD_FIELD,
                    "the Hugging Face tokenizers library refused it: " + e.getMessage());
        }
        return new Tokenizer(file, native_, options, special, Collections.unmodifiableMap(vocab), padLeft);
    }

    /** Token to id for the model's vocabulary and the added tokens. */
    private static Map<String, Integer> vocabulary(Path file, JsonObject json) throws ModelFormatException {
        Map<String, Integer> vocab = new HashMap<>();
        JsonElement model = json.get("model");
        if (!(model instanceof JsonObject m)) {
            throw new ModelFormatException(file, Problem.BAD_FIELD, "has no 'model' object");
        }
        JsonElement v = m.get("vocab");
        try {
            if (v instanceof JsonObject byToken) {
                for (Map.Entry<String, JsonElement> e : byToken.entrySet()) {
                    vocab.put(e.getKey(), e.getValue().getAsInt());
                }
            } else if (v instanceof JsonArray pieces) {
                // Unigram: [[piece, score], ...], the id is the position
                for (int i = 0; i < pieces.size(); i++) {
                    vocab.putIfAbsent(pieces.get(i).getAsJsonArray().get(0).getAsString(), i);
                }
            } else {
                throw new ModelFormatException(file, Problem.BAD_FIELD,
                        "field 'model.vocab' must be an object or a list, got " + (v == null ? "nothing" : v));
            }
            JsonElement added = json.get("added_tokens");
            if (added instanceof JsonArray list) {
                for (JsonElement t : list) {
                    JsonObject o = t.getAsJsonObject();
                    vocab.put(o.get("content").getAsString(), o.get("id").getAsInt());
                }
            }
        } catch (IllegalStateException | UnsupportedOperationException | NullPointerException
                 | NumberFormatException | IndexOutOfBoundsException e) {
            throw new ModelFormatException(file, Problem.BAD_FIELD,
                    "the vocabulary ('model.vocab', 'added_tokens') is malformed: " + e.getMessage());
        }
        return vocab;
    }

    private static SpecialTokens specialTokens(Path configFile, JsonObject config, JsonObject tokenizer,
                                               Map<String, Integer> vocab) throws ModelFormatException {
        List<Optional<SpecialTokens.Token>> found = new ArrayList<>();
        for (String name : SPECIAL_NAMES) {
            JsonElement e = config.get(name);
            String text = null;
            if (e instanceof JsonPrimitive p && p.isString()) {
                text = p.getAsString();
            } else if (e instanceof JsonObject o && o.get("content") instanceof JsonPrimitive c && c.isString()) {
                text = c.getAsString();
            } else if (e != null && !e.isJsonNull()) {
                throw new ModelFormatException(configFile, Problem.BAD_FIELD,
                        "field '" + name + "' must be a token string, got " + e);
            }
            if (text == null && name.equals("pad_token") && tokenizer.get("padding") instanceof JsonObject pad
                    && pad.get("pad_token") instanceof JsonPrimitive p && p.isString()) {
                text = p.getAsString();
            }
            if (text == null) {
                found.add(Optional.empty());
                continue;
            }
            Integer id = vocab.get(text);
            if (id == null) {
                throw new ModelFormatException(configFile, Problem.BAD_FIELD,
                        "field '" + name + "' names '" + text + "', which tokenizer.json does not define");
            }
            found.add(Optional.of(new SpecialTokens.Token(text, id)));
        }
        return new SpecialTokens(found.get(0), found.get(1), found.get(2), found.get(3), found.get(4),
                found.get(5), found.get(6));
    }

    /** @return the {@code tokenizer.json} this was loaded from */
    public Path file() {
        return file;
    }

    /** @return the options every encode call uses */
    public TokenizerOptions options() {
        return options;
    }

    /** @return the named special tokens */
    public SpecialTokens specialTokens() {
        return special;
    }

    /** @return one more than the largest id of the vocabulary and the added tokens */
    public int vocabSize() {
        return vocabSize;
    }

    /** @return the id of a vocabulary entry or added token, given exactly as stored (e.g. {@code ##ing}, {@code Ġthe}) */
    public OptionalInt tokenId(String token) {
        Integer id = vocab.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * Encodes one text, truncated and padded (for {@link Padding#MAX_LENGTH}) as the options say.
     *
     * @return the encoding; offsets index into {@code text}
     */
    public Encoding encode(String text) {
        return pad(List.of(convert(native_.encode(text, options.addSpecialTokens(), false), text, ""))).get(0);
    }

    /**
     * Encodes a pair of texts (a question and a context, two sentences) with the pair template.
     *
     * @return the encoding; offsets index into {@code first + second}
     */
    public Encoding encodePair(String first, String second) {
        return pad(List.of(convert(native_.encode(first, second, options.addSpecialTokens(), false), first,
                second))).get(0);
    }

    /**
     * Encodes texts, padded to one length when the options ask for padding.
     *
     * @return one encoding per text, in order
     */
    public List<Encoding> encodeBatch(List<String> texts) {
        ai.djl.huggingface.tokenizers.Encoding[] raw = native_.batchEncode(texts, options.addSpecialTokens(), false);
        List<Encoding> out = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            out.add(convert(raw[i], texts.get(i), ""));
        }
        return pad(out);
    }

    /**
     * Decodes ids back to text with the tokenizer's decoder.
     *
     * @param skipSpecialTokens whether special tokens are left out
     * @return the text
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return native_.decode(Arrays.stream(ids).asLongStream().toArray(), skipSpecialTokens);
    }

    private Encoding convert(ai.djl.huggingface.tokenizers.Encoding e, String first, String second) {
        int n = e.getIds().length;
        int[] ids = toInts(e.getIds());
        CharSpan[] spans = e.getCharTokenSpans();
        long[] sequence = e.getSequenceIds();
        int[] firstIndex = utf16Indices(first);
        int[] secondIndex = utf16Indices(second);
        List<Encoding.Span> offsets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CharSpan s = spans[i];
            if (s == null || sequence[i] < 0) {
                offsets.add(new Encoding.Span(0, 0));
            } else if (sequence[i] == 0) {
                offsets.add(new Encoding.Span(at(firstIndex, s.getStart()), at(firstIndex, s.getEnd())));
            } else {
                offsets.add(new Encoding.Span(first.length() + at(secondIndex, s.getStart()),
                        first.length() + at(secondIndex, s.getEnd())));
            }
        }
        return new Encoding(ids, toInts(e.getTypeIds()), toInts(e.getAttentionMask()),
                toInts(e.getSpecialTokenMask()), Arrays.asList(e.getTokens()), offsets);
    }

    private static int at(int[] index, int codePoint) {
        return index[Math.min(Math.max(codePoint, 0), index.length - 1)];
    }

    /** Maps code point positions (the native offsets) to UTF-16 indices; one entry past the end. */
    private static int[] utf16Indices(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            index[cp++] = i;
        }
        index[cp] = text.length();
        return index;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    private List<Encoding> pad(List<Encoding> batch) {
        if (options.padding() == Padding.NONE) {
            return batch;
        }
        int target = options.padding() == Padding.MAX_LENGTH ? options.maxLength() : 0;
        for (Encoding e : batch) {
            target = Math.max(target, e.length());
        }
        if (options.padToMultipleOf() > 0) {
            target = (target + options.padToMultipleOf() - 1) / options.padToMultipleOf() * options.padToMultipleOf();
        }
        SpecialTokens.Token padToken = special.pad().orElseThrow();
        List<Encoding> out = new ArrayList<>(batch.size());
        for (Encoding e : batch) {
            int extra = target - e.length();
            if (extra == 0) {
                out.add(e);
                continue;
            }
            int at = padLeft ? 0 : e.length();
            out.add(new Encoding(insert(e.ids(), at, extra, padToken.id()), insert(e.typeIds(), at, extra, 0),
                    insert(e.attentionMask(), at, extra, 0), insert(e.specialTokensMask(), at, extra, 1),
                    insert(e.tokens(), at, extra, padToken.text()),
                    insert(e.offsets(), at, extra, new Encoding.Span(0, 0))));
        }
        return out;
    }

    private static int[] insert(int[] values, int at, int count, int value) {
        int[] out = new int[values.length + count];
        System.arraycopy(values, 0, out, 0, at);
        Arrays.fill(out, at, at + count, value);
        System.arraycopy(values, at, out, at + count, values.length - at);
        return out;
    }

    private static <T> List<T> insert(List<T> values, int at, int count, T value) {
        List<T> out = new ArrayList<>(values.subList(0, at));
        out.addAll(Collections.nCopies(count, value));
        out.addAll(values.subList(at, values.size()));
        return out;
    }

    /** Frees the native tokenizer. Idempotent. */
    @Override
    public void close() {
        native_.close();
    }
}
