package dev.graft.api.model.gpt2;

import dev.graft.api.model.GenerationOptions;
import dev.graft.api.model.HfBatch;
import dev.graft.api.model.HiddenStates;
import dev.graft.api.model.Positions;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.nn.Conv1D;
import dev.graft.api.nn.Dropout;
import dev.graft.api.nn.Embedding;
import dev.graft.api.nn.LayerNorm;
import dev.graft.api.nn.Linear;
import dev.graft.api.nn.Module;
import dev.graft.api.nn.ModuleList;
import dev.graft.api.tensor.AttentionOptions;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * GPT-2 with its language-modelling head (Radford et al., 2019): pre-LN decoder blocks, learned absolute
 * positions, causal attention, a final layer norm and an LM head tied to the token embedding (or its own
 * {@code lm_head} when {@code tie_word_embeddings} is false). Module paths are Hugging Face's
 * ({@code transformer.h.0.attn.c_attn.weight}); the tied head is the {@code wte} tensor, so no
 * {@code lm_head.weight} parameter exists.
 *
 * <p>{@link #generate} decodes with a cache of every layer's keys and values ({@link KvCache}), so each new
 * token costs one position's work.
 */
public final class Gpt2LMHeadModel extends PretrainedModule {
    private final Gpt2Config config;
    private final Transformer transformer;
    private final Linear lmHead;

    /**
     * Builds a randomly initialised model (weights {@code N(0, initializer_range²)}; the residual projections
     * scaled by {@code 1/sqrt(2·n_layer)} as in the GPT-2 paper).
     *
     * @param seed seeds both the initial weights and the dropout masks
     */
    public Gpt2LMHeadModel(ComputeBackend backend, Gpt2Config config, long seed) {
        this(backend, config, new Random(seed), seed);
    }

    /**
     * Builds a model whose initial weights come from {@code init} (a loader passes a source it then overwrites).
     *
     * @param dropoutSeed seeds the dropout masks
     */
    public Gpt2LMHeadModel(ComputeBackend backend, Gpt2Config config, Random init, long dropoutSeed) {
        this.config = config;
        DropoutRng dropout = new DropoutRng(dropoutSeed);
        this.transformer = registerModule("transformer", new Transformer(backend, config, init, dropout));
        this.lmHead = config.tieWordEmbeddings() ? null : registerModule("lm_head",
                new Linear(backend, config.nEmbd(), config.vocabSize(), false, init, config.initializerRange()));
    }

    /** @return the configuration */
    @Override
    public Gpt2Config modelConfig() {
        return config;
    }

    @Override
    public String architecture() {
        return "GPT2LMHeadModel";
    }

    @Override
    public Gpt2Config configForSave() {
        return config.withArchitectures(architecturesForSave());
    }

    /** @return the decoder stack without the head */
    public Transformer transformer() {
        return transformer;
    }

    /**
     * @param ids           I32 {@code [B, T]}
     * @param attentionMask I32 {@code [B, T]} of ones and zeros (padding), or {@code null}
     * @return logits {@code [B, T, vocab]}
     */
    public Tensor forward(Tensor ids, Tensor attentionMask) {
        checkOpen();
        return hook(head(transformer.forward(ids, attentionMask)));
    }

    private Tensor head(Tensor h) {
        return lmHead != null ? lmHead.forward(h) : Functional.linear(h, transformer.wte.weight(), null); // tied
    }

    /** Logits of the batch; with {@code labels} (unshifted, as Hugging Face takes them) the causal-LM loss. */
    @Override
    public BatchOutput forward(HfBatch batch) {
        ComputeBackend be = backend();
        Tensor ids = batch.inputIds().intTensor(be);
        Tensor logits = forward(ids, batch.attentionMask().intTensor(be));
        Tensor loss = null;
        if (batch.labels() != null) {
            Tensor targets = shiftLabels(tokenLabels(batch, ids.shape(), be));
            loss = Functional.crossEntropy(logits.reshape(-1, config.vocabSize()), targets.reshape(-1), -100, 0f);
        }
        return new BatchOutput(logits, loss);
    }

    /**
     * The mean next-token cross-entropy of {@code [B, T]} ids against {@code [B, T]} targets (already shifted;
     * -100 is ignored).
     */
    public Tensor loss(Tensor ids, Tensor attentionMask, Tensor targets) {
        Tensor logits = forward(ids, attentionMask);
        return Functional.crossEntropy(logits.reshape(-1, config.vocabSize()), targets.reshape(-1), -100, 0f);
    }

    /**
     * Hugging Face's causal-LM loss from unshifted {@code labels} (as {@code GPT2LMHeadModel(labels=...)} takes
     * them): position {@code t} predicts {@code labels[t + 1]}; -100 is ignored.
     *
     * @param labels I32 {@code [B, T]}
     */
    public Tensor lossFromLabels(Tensor ids, Tensor attentionMask, Tensor labels) {
        return loss(ids, attentionMask, shiftLabels(labels));
    }

    /** @return I32 {@code [B, T]}: {@code labels[:, 1:]} followed by -100 */
    public static Tensor shiftLabels(Tensor labels) {
        int b = labels.size(0);
        int t = labels.size(1);
        int[] l = labels.toIntArray();
        int[] out = new int[l.length];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                out[i * t + j] = j + 1 < t ? l[i * t + j + 1] : -100;
            }
        }
        return Tensor.ofInts(labels.backend(), out, b, t);
    }

    /**
     * The hidden states Hugging Face returns with {@code output_hidden_states}: {@code hidden_states.0} is the
     * embedding output, {@code hidden_states.i} the output of block {@code i - 1}, and the last one the output
     * of {@code ln_f}.
     */
    @Override
    public List<HiddenStates.Tap> hiddenStateTaps() {
        List<HiddenStates.Tap> taps = new ArrayList<>();
        int n = config.nLayer();
        for (int i = 0; i < n; i++) {
            taps.add(new HiddenStates.Tap("hidden_states." + i, i == 0 ? transformer.drop : transformer.h.get(i - 1)));
        }
        taps.add(new HiddenStates.Tap("hidden_states." + n, transformer.lnF));
        return taps;
    }

    /**
     * The keys and values of every layer for the positions processed so far: {@code [B, T, n_embd]} each,
     * heads side by side as {@code c_attn} lays them out. Grows by concatenation at each step.
     */
    public static final class KvCache {
        private final Tensor[] keys;
        private final Tensor[] values;
        private int length;

        /** @param layers the number of blocks */
        public KvCache(int layers) {
            keys = new Tensor[layers];
            values = new Tensor[layers];
        }

        /** @return the number of positions cached */
        public int length() {
            return length;
        }
    }

    /**
     * Runs new positions through the model with a cache: the ids are positions {@code cache.length() ...}
     * of every sequence; their keys and values are appended to the cache.
     *
     * @param ids   I32 {@code [B, Tnew]}, no padding
     * @param cache the cache of the positions before them (empty at first)
     * @return logits {@code [B, Tnew, vocab]}
     */
    public Tensor forwardCached(Tensor ids, KvCache cache) {
        checkOpen();
        return head(transformer.forwardCached(ids, cache));
    }

    /**
     * Generates a continuation of one prompt, one token at a time, with a {@link KvCache}.
     *
     * @param prompt  the prompt's ids, at least one
     * @param options greedy or sampling, and the length
     * @param stopId  a token that ends generation once produced (included in the result), or -1 for none
     * @return the generated ids, without the prompt
     * @throws IllegalArgumentException if the prompt is empty or prompt and continuation exceed {@code n_positions}
     */
    public int[] generate(int[] prompt, GenerationOptions options, int stopId) {
        checkOpen();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
        }
        int total = prompt.length + options.maxNewTokens();
        if (total > config.nPositions()) {
            throw new IllegalArgumentException("prompt (" + prompt.length + ") plus " + options.maxNewTokens()
                    + " new tokens exceed n_positions " + config.nPositions());
        }
        ComputeBackend be = transformer.wte.weight().backend();
        Random rng = options.newRandom();
        int[] out = new int[options.maxNewTokens()];
        int n = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            KvCache cache = new KvCache(config.nLayer());
            Tensor input = Tensor.ofInts(be, prompt, 1, prompt.length);
            while (n < out.length) {
                Tensor logits = forwardCached(input, cache);                 // [1, t, vocab]
                int t = logits.size(1);
                float[] last = logits.slice(1, t - 1, t).toFloatArray();
                int next = options.pick(last, rng);
                out[n++] = next;
                if (next == stopId) {
                    break;
                }
                input = Tensor.ofInts(be, new int[] {next}, 1, 1);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The decoder stack ({@code transformer.*}). */
    public static final class Transformer extends Module {
        private final Gpt2Config config;
        final Embedding wte;
        private final Embedding wpe;
        final Dropout drop;
        final ModuleList<Block> h;
        final LayerNorm lnF;

        Transformer(ComputeBackend be, Gpt2Config c, Random rng, DropoutRng dropout) {
            this.config = c;
            wte = registerModule("wte", new Embedding(be, c.vocabSize(), c.nEmbd(), rng, c.initializerRange()));
            wpe = registerModule("wpe", new Embedding(be, c.nPositions(), c.nEmbd(), rng, c.initializerRange()));
            drop = registerModule("drop", new Dropout(c.embdPdrop(), dropout));
            h = registerModule("h", new ModuleList<>());
            for (int i = 0; i < c.nLayer(); i++) {
                h.add(new Block(be, c, i, rng, dropout));
            }
            lnF = registerModule("ln_f", new LayerNorm(be, c.nEmbd(), c.layerNormEpsilon()));
        }

        /** @return the final hidden states {@code [B, T, n_embd]} after {@code ln_f} */
        public Tensor forward(Tensor ids, Tensor attentionMask) {
            int t = ids.size(1);
            checkLength(t);
            Tensor pos = Positions.arange(ids.backend(), t);
            Tensor x = drop.forward(wte.forward(ids).add(wpe.forward(pos)));
            AttentionOptions opts = attentionMask == null ? AttentionOptions.CAUSAL
                    : AttentionOptions.CAUSAL.withKeyMask(Functional.keyMask(attentionMask));
            for (Block b : h.items()) {
                x = b.forward(x, opts);
            }
            return hook(lnF.forward(x));
        }

        Tensor forwardCached(Tensor ids, KvCache cache) {
            int past = cache.length;
            int t = ids.size(1);
            checkLength(past + t);
            Tensor pos = Positions.arange(ids.backend(), past, t);
            Tensor x = drop.forward(wte.forward(ids).add(wpe.forward(pos)));
            for (int i = 0; i < h.size(); i++) {
                x = h.get(i).forwardCached(x, cache, i);
            }
            cache.length = past + t;
            return hook(lnF.forward(x));
        }

        private void checkLength(int t) {
            if (t > config.nPositions()) {
                throw new IllegalArgumentException("sequence length " + t + " exceeds n_positions "
                        + config.nPositions());
            }
        }

        /** @return the token embedding {@code wte}, shared with the tied LM head */
        public Embedding wte() {
            return wte;
        }

        /** @return the blocks */
        public ModuleList<Block> blocks() {
            return h;
        }
    }

    /** One pre-LN decoder block ({@code transformer.h.N}). */
    public static final class Block extends Module {
        private final LayerNorm ln1;
        private final Attention attn;
        private final LayerNorm ln2;
        private final Mlp mlp;

        Block(ComputeBackend be, Gpt2Config c, int index, Random rng, DropoutRng dropout) {
            ln1 = registerModule("ln_1", new LayerNorm(be, c.nEmbd(), c.layerNormEpsilon()));
            attn = registerModule("attn", new Attention(be, c, index, rng, dropout));
            ln2 = registerModule("ln_2", new LayerNorm(be, c.nEmbd(), c.layerNormEpsilon()));
            mlp = registerModule("mlp", new Mlp(be, c, rng, dropout));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            x = x.add(attn.forward(ln1.forward(x), opts));
            return hook(x.add(mlp.forward(ln2.forward(x))));
        }

        Tensor forwardCached(Tensor x, KvCache cache, int layer) {
            x = x.add(attn.forwardCached(ln1.forward(x), cache, layer));
            return hook(x.add(mlp.forward(ln2.forward(x))));
        }
    }

    /** Causal self-attention with one packed QKV projection ({@code attn.c_attn}, {@code attn.c_proj}). */
    public static final class Attention extends Module {
        private final int heads;
        private final int width;
        private final float scale;
        private final Conv1D cAttn;
        private final Conv1D cProj;
        private final Dropout residDropout;

        Attention(ComputeBackend be, Gpt2Config c, int index, Random rng, DropoutRng dropout) {
            heads = c.nHead();
            width = c.nEmbd();
            scale = c.attentionScale(index);
            cAttn = registerModule("c_attn", new Conv1D(be, c.nEmbd(), 3 * c.nEmbd(), rng, c.initializerRange()));
            // GPT-2 paper: residual projections scaled by 1/sqrt(number of residual layers) at init.
            float projStd = (float) (c.initializerRange() / Math.sqrt(2.0 * c.nLayer()));
            cProj = registerModule("c_proj", new Conv1D(be, c.nEmbd(), c.nEmbd(), rng, projStd));
            residDropout = registerModule("resid_dropout", new Dropout(c.residPdrop(), dropout));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            Tensor qkv = cAttn.forward(x);                                          // [B, T, 3·d]
            Tensor y = Functional.packedSelfAttention(qkv, heads, opts.withScale(scale)); // [B, T, d]
            return hook(residDropout.forward(cProj.forward(y)));
        }

        Tensor forwardCached(Tensor x, KvCache cache, int layer) {
            Tensor qkv = cAttn.forward(x);                                          // [B, Tnew, 3·d]
            Tensor q = qkv.slice(2, 0, width);                                      // [B, Tnew, d]
            Tensor k = qkv.slice(2, width, 2 * width);
            Tensor v = qkv.slice(2, 2 * width, 3 * width);
            if (cache.keys[layer] != null) {
                k = Functional.concat(1, cache.keys[layer], k);                     // [B, Tpast + Tnew, d]
                v = Functional.concat(1, cache.values[layer], v);
            }
            cache.keys[layer] = k;
            cache.values[layer] = v;
            // causal rule aligned to the end: new query i sees every cached key and new keys up to i
            Tensor y = Functional.attention(q, k, v, heads, AttentionOptions.CAUSAL.withScale(scale));
            return hook(residDropout.forward(cProj.forward(y)));
        }
    }

    /** The feed-forward network ({@code mlp.c_fc}, {@code mlp.c_proj}). */
    public static final class Mlp extends Module {
        private final Conv1D cFc;
        private final Conv1D cProj;
        private final Dropout dropout;
        private final dev.graft.api.nn.Activation act;

        Mlp(ComputeBackend be, Gpt2Config c, Random rng, DropoutRng drop) {
            act = c.activation();
            cFc = registerModule("c_fc", new Conv1D(be, c.nEmbd(), c.nInner(), rng, c.initializerRange()));
            float projStd = (float) (c.initializerRange() / Math.sqrt(2.0 * c.nLayer()));
            cProj = registerModule("c_proj", new Conv1D(be, c.nInner(), c.nEmbd(), rng, projStd));
            dropout = registerModule("dropout", new Dropout(c.residPdrop(), drop));
        }

        public Tensor forward(Tensor x) {
            Tensor h = hook(act.apply(cFc.forward(x)));                      // [B, T, n_inner]
            return dropout.forward(cProj.forward(h));
        }
    }
}
