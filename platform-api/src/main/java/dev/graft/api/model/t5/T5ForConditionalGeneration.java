package dev.graft.api.model.t5;

import dev.graft.api.model.GenerationOptions;
import dev.graft.api.model.HfBatch;
import dev.graft.api.model.HiddenStates;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.nn.Dropout;
import dev.graft.api.nn.Embedding;
import dev.graft.api.nn.Linear;
import dev.graft.api.nn.Module;
import dev.graft.api.nn.ModuleList;
import dev.graft.api.nn.RMSNorm;
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
 * T5 (Raffel et al., 2020): an encoder-decoder with RMS layer norms, relative position biases, unscaled
 * attention scores and a (gated) feed-forward network, with Hugging Face's module paths ({@code shared},
 * {@code encoder.block.0.layer.0.SelfAttention.q}, {@code decoder.block.0.layer.1.EncDecAttention.k},
 * {@code lm_head}). The token embedding {@code shared} serves both stacks; the LM head is {@code shared} too when
 * {@code tie_word_embeddings}.
 */
public final class T5ForConditionalGeneration extends PretrainedModule {
    private final T5Config config;
    private final Embedding shared;
    private final Stack encoder;
    private final Stack decoder;
    private final Linear lmHead;

    /** @param seed seeds the initial weights and the dropout masks */
    public T5ForConditionalGeneration(ComputeBackend backend, T5Config config, long seed) {
        this(backend, config, new Random(seed), seed);
    }

    /**
     * Builds a model whose initial weights come from {@code rng} (a loader passes a source it then overwrites).
     *
     * @param dropoutSeed seeds the dropout masks
     */
    public T5ForConditionalGeneration(ComputeBackend backend, T5Config config, Random rng, long dropoutSeed) {
        this.config = config;
        DropoutRng drop = new DropoutRng(dropoutSeed);
        shared = registerModule("shared", new Embedding(backend, config.vocabSize(), config.dModel(), rng,
                config.initializerFactor()));
        encoder = registerModule("encoder", new Stack(backend, config, false, rng, drop));
        decoder = registerModule("decoder", new Stack(backend, config, true, rng, drop));
        lmHead = config.tieWordEmbeddings() ? null : registerModule("lm_head", new Linear(backend, config.dModel(),
                config.vocabSize(), false, rng, config.initializerFactor()));
    }

    /** @return the configuration */
    @Override
    public T5Config modelConfig() {
        return config;
    }

    @Override
    public String architecture() {
        return "T5ForConditionalGeneration";
    }

    @Override
    public T5Config configForSave() {
        return config.withArchitectures(architecturesForSave());
    }

    /** @return the token embedding {@code shared}, used by both stacks and, when tied, the LM head */
    public Embedding shared() {
        return shared;
    }

    /**
     * The hidden states Hugging Face returns with {@code output_hidden_states}, for both stacks:
     * {@code encoder_hidden_states.0} is the embedding output, {@code .i} the output of block {@code i - 1}, and
     * the last one the output of {@code final_layer_norm}; the same for {@code decoder_hidden_states}.
     */
    @Override
    public List<HiddenStates.Tap> hiddenStateTaps() {
        List<HiddenStates.Tap> taps = new ArrayList<>();
        encoder.addTaps("encoder_hidden_states.", taps);
        decoder.addTaps("decoder_hidden_states.", taps);
        return taps;
    }

    /** @return the encoder stack */
    public Stack encoder() {
        return encoder;
    }

    /** @return the decoder stack */
    public Stack decoder() {
        return decoder;
    }

    /** @return encoder hidden states {@code [B, Ts, d_model]} (after its final layer norm) */
    public Tensor encode(Tensor inputIds, Tensor attentionMask) {
        checkOpen();
        return encoder.forward(shared.forward(inputIds), attentionMask, null, null);
    }

    /**
     * @param encoderHidden     the output of {@link #encode}
     * @param encoderMask       I32 {@code [B, Ts]} or {@code null}
     * @param decoderInputIds   I32 {@code [B, Tt]}: the labels shifted right behind {@code decoder_start_token_id}
     * @return logits {@code [B, Tt, vocab]}
     */
    public Tensor decode(Tensor encoderHidden, Tensor encoderMask, Tensor decoderInputIds) {
        checkOpen();
        Tensor h = decoder.forward(shared.forward(decoderInputIds), null, encoderHidden, encoderMask);
        if (config.scaleDecoderOutputs()) {
            h = h.mul((float) Math.pow(config.dModel(), -0.5));
        }
        Tensor logits = lmHead == null ? Functional.linear(h, shared.weight(), null) : lmHead.forward(h);
        return hook(logits);
    }

    /** @return logits {@code [B, Tt, vocab]} of one teacher-forced pass */
    public Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor decoderInputIds) {
        return decode(encode(inputIds, attentionMask), attentionMask, decoderInputIds);
    }

    /**
     * Hugging Face's {@code _shift_right}: the decoder input is the labels shifted right behind
     * {@code decoder_start_token_id}, with -100 replaced by {@code pad_token_id}.
     *
     * @param labels I32 {@code [B, T]}
     */
    public Tensor shiftRight(Tensor labels) {
        int[] l = labels.toIntArray();
        int b = labels.size(0);
        int t = labels.size(1);
        int[] out = new int[l.length];
        for (int i = 0; i < b; i++) {
            out[i * t] = config.decoderStartTokenId();
            for (int j = 1; j < t; j++) {
                int v = l[i * t + j - 1];
                out[i * t + j] = v == -100 ? config.padTokenId() : v;
            }
        }
        return Tensor.ofInts(labels.backend(), out, b, t);
    }

    /**
     * Decoder logits of the batch: the decoder reads {@code decoder_input_ids}, or the labels shifted right;
     * with {@code labels} the mean cross-entropy ({@code -100} ignored).
     *
     * @throws IllegalArgumentException if the batch has neither {@code decoder_input_ids} nor {@code labels}
     */
    @Override
    public BatchOutput forward(HfBatch batch) {
        ComputeBackend be = backend();
        Tensor ids = batch.inputIds().intTensor(be);
        Tensor labels = null;
        if (batch.labels() != null) {
            int[] shape = batch.labels().shape();
            if (shape.length != 2) {
                throw new IllegalArgumentException("t5 labels must be [batch, target length], got "
                        + java.util.Arrays.toString(shape));
            }
            labels = tokenLabels(batch, shape, be);
        }
        Tensor decoderIds = batch.decoderInputIds() != null ? batch.decoderInputIds().intTensor(be)
                : labels != null ? shiftRight(labels) : null;
        if (decoderIds == null) {
            throw new IllegalArgumentException("t5 needs 'labels' or 'decoder_input_ids' for its decoder");
        }
        Tensor logits = forward(ids, batch.attentionMask().intTensor(be), decoderIds);
        Tensor loss = labels == null ? null : Functional.crossEntropy(logits.reshape(-1, config.vocabSize()),
                labels.reshape(-1), -100, 0f);
        return new BatchOutput(logits, loss);
    }

    /** The mean cross-entropy of the labels ({@code -100} ignored) under teacher forcing. */
    public Tensor loss(Tensor inputIds, Tensor attentionMask, Tensor labels) {
        Tensor logits = forward(inputIds, attentionMask, shiftRight(labels));
        return Functional.crossEntropy(logits.reshape(-1, config.vocabSize()), labels.reshape(-1), -100, 0f);
    }

    /**
     * Greedy decoding without a cache (each step re-runs the decoder): until every sequence has produced
     * {@code eos_token_id} or {@code maxNewTokens} tokens.
     *
     * @return I32 {@code [B, n]} generated ids, the decoder start token excluded
     */
    public int[][] generate(Tensor inputIds, Tensor attentionMask, int maxNewTokens) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor enc = encode(inputIds, attentionMask);
            int eos = config.eosTokenId() == null ? -1 : config.eosTokenId();
            int b = inputIds.size(0);
            int[][] seqs = new int[b][];
            int[] cur = new int[b];
            java.util.Arrays.fill(cur, config.decoderStartTokenId());
            int len = 1;
            boolean[] done = new boolean[b];
            java.util.List<int[]> steps = new java.util.ArrayList<>();
            for (int s = 0; s < maxNewTokens; s++) {
                Tensor logits = decode(enc, attentionMask, Tensor.ofInts(inputIds.backend(), cur, b, len));
                Tensor last = logits.slice(1, len - 1, len).reshape(b, config.vocabSize());
                int[] next = last.argmax().toIntArray();
                int[] grown = new int[b * (len + 1)];
                for (int i = 0; i < b; i++) {
                    if (done[i]) {
                        next[i] = config.padTokenId();
                    }
                    System.arraycopy(cur, i * len, grown, i * (len + 1), len);
                    grown[i * (len + 1) + len] = next[i];
                    if (next[i] == eos) {
                        done[i] = true;
                    }
                }
                steps.add(next);
                cur = grown;
                len++;
                boolean all = true;
                for (boolean d : done) {
                    all &= d;
                }
                if (all) {
                    break;
                }
            }
            for (int i = 0; i < b; i++) {
                int n = 0;
                while (n < steps.size() && (n == 0 || steps.get(n - 1)[i] != eos)) {
                    n++;
                }
                seqs[i] = new int[n];
                for (int j = 0; j < n; j++) {
                    seqs[i][j] = steps.get(j)[i];
                }
            }
            return seqs;
        }
    }

    /**
     * The decoder's cache during generation: every layer's self-attention keys and values for the positions
     * decoded so far ({@code [B, T, num_heads·d_kv]}, growing by concatenation), and its cross-attention keys and
     * values of the encoder output, computed once.
     */
    public static final class DecoderCache {
        private final Tensor[] selfKeys;
        private final Tensor[] selfValues;
        private final Tensor[] crossKeys;
        private final Tensor[] crossValues;
        private int length;

        /** @param layers the number of decoder blocks */
        public DecoderCache(int layers) {
            selfKeys = new Tensor[layers];
            selfValues = new Tensor[layers];
            crossKeys = new Tensor[layers];
            crossValues = new Tensor[layers];
        }

        /** @return the number of decoder positions cached */
        public int length() {
            return length;
        }
    }

    /**
     * Runs new decoder positions with a cache: {@code decoderInputIds} are positions {@code cache.length() ...};
     * their keys and values are appended to the cache.
     *
     * @param encoderHidden the output of {@link #encode}, the same for every call with this cache
     * @param encoderMask   I32 {@code [B, Ts]} or {@code null}
     * @return logits {@code [B, Tnew, vocab]}
     */
    public Tensor decodeCached(Tensor encoderHidden, Tensor encoderMask, Tensor decoderInputIds, DecoderCache cache) {
        checkOpen();
        Tensor h = decoder.forwardCached(shared.forward(decoderInputIds), cache, encoderHidden, encoderMask);
        if (config.scaleDecoderOutputs()) {
            h = h.mul((float) Math.pow(config.dModel(), -0.5));
        }
        return lmHead == null ? Functional.linear(h, shared.weight(), null) : lmHead.forward(h);
    }

    /**
     * Generates the output for one input sequence, greedily or by sampling as {@code options} say: the encoder
     * runs once, the decoder once per new token on that token alone, with a {@link DecoderCache}.
     *
     * @param inputIds the input's ids (with its end-of-sequence token, as the tokenizer adds it)
     * @return the generated ids, the decoder start token excluded, {@code eos_token_id} included when reached
     */
    public int[] generate(int[] inputIds, GenerationOptions options) {
        checkOpen();
        if (inputIds.length == 0) {
            throw new IllegalArgumentException("the input must hold at least one token");
        }
        ComputeBackend be = backend();
        int eos = config.eosTokenId() == null ? -1 : config.eosTokenId();
        java.util.Random rng = options.newRandom();
        int[] out = new int[options.maxNewTokens()];
        int n = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor enc = encode(Tensor.ofInts(be, inputIds, 1, inputIds.length), null);
            DecoderCache cache = new DecoderCache(config.numDecoderLayers());
            int current = config.decoderStartTokenId();
            while (n < out.length) {
                Tensor logits = decodeCached(enc, null, Tensor.ofInts(be, new int[] {current}, 1, 1), cache);
                current = options.pick(logits.toFloatArray(), rng);
                out[n++] = current;
                if (current == eos) {
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** One stack of blocks ({@code encoder} or {@code decoder}) with its final layer norm. */
    public static final class Stack extends Module {
        private final T5Config config;
        private final boolean isDecoder;
        private final ModuleList<Block> block;
        private final RMSNorm finalLayerNorm;
        private final Dropout dropout;
        private final ComputeBackend backend;

        Stack(ComputeBackend be, T5Config c, boolean isDecoder, Random rng, DropoutRng drop) {
            this.config = c;
            this.isDecoder = isDecoder;
            this.backend = be;
            block = registerModule("block", new ModuleList<>());
            int n = isDecoder ? c.numDecoderLayers() : c.numLayers();
            for (int i = 0; i < n; i++) {
                block.add(new Block(be, c, isDecoder, i == 0, rng, drop));
            }
            finalLayerNorm = registerModule("final_layer_norm", new RMSNorm(be, c.dModel(), c.layerNormEpsilon()));
            dropout = registerModule("dropout", new Dropout(c.dropoutRate(), drop));
        }

        /**
         * @param embedded      token embeddings {@code [B, T, d_model]}
         * @param mask          I32 self-attention key mask {@code [B, T]} or {@code null}
         * @param encoderHidden for the decoder: the encoder output; {@code null} for the encoder
         * @param encoderMask   for the decoder: the encoder's key mask or {@code null}
         */
        public Tensor forward(Tensor embedded, Tensor mask, Tensor encoderHidden, Tensor encoderMask) {
            int t = embedded.size(1);
            Tensor x = hook(dropout.forward(embedded));
            Tensor bias = RelativePositionBias.compute(block.get(0).selfAttention().relativeAttentionBias(), t, t,
                    !isDecoder, config, backend);
            AttentionOptions self = new AttentionOptions(mask == null ? null : Functional.keyMask(mask), bias,
                    isDecoder, 1f);
            AttentionOptions cross = encoderHidden == null ? null : new AttentionOptions(
                    encoderMask == null ? null : Functional.keyMask(encoderMask), null, false, 1f);
            for (Block b : block.items()) {
                x = b.forward(x, self, encoderHidden, cross);
            }
            return dropout.forward(finalLayerNorm.forward(x));
        }

        Tensor forwardCached(Tensor embedded, DecoderCache cache, Tensor encoderHidden, Tensor encoderMask) {
            int past = cache.length;
            int t = embedded.size(1);
            Tensor x = hook(dropout.forward(embedded));
            // queries past .. past+t-1 against keys 0 .. past+t-1; the causal rule aligns them to the end
            Tensor bias = RelativePositionBias.compute(block.get(0).selfAttention().relativeAttentionBias(), past, t,
                    past + t, false, config, backend);
            AttentionOptions self = new AttentionOptions(null, bias, true, 1f);
            AttentionOptions cross = new AttentionOptions(
                    encoderMask == null ? null : Functional.keyMask(encoderMask), null, false, 1f);
            for (int i = 0; i < block.size(); i++) {
                x = block.get(i).forwardCached(x, self, encoderHidden, cross, cache, i);
            }
            cache.length = past + t;
            return dropout.forward(finalLayerNorm.forward(x));
        }

        /** @return the blocks */
        public ModuleList<Block> blocks() {
            return block;
        }

        void addTaps(String prefix, List<HiddenStates.Tap> taps) {
            int n = block.size();
            for (int i = 0; i < n; i++) {
                taps.add(new HiddenStates.Tap(prefix + i, i == 0 ? this : block.get(i - 1)));
            }
            taps.add(new HiddenStates.Tap(prefix + n, finalLayerNorm));
        }
    }

    /** One block: self-attention, (decoder) cross-attention, feed-forward ({@code block.N.layer.0..2}). */
    public static final class Block extends Module {
        private final ModuleList<Module> layer;
        private final SelfAttentionLayer selfAttn;
        private final CrossAttentionLayer crossAttn;
        private final FeedForwardLayer ff;

        Block(ComputeBackend be, T5Config c, boolean isDecoder, boolean hasBias, Random rng, DropoutRng drop) {
            layer = registerModule("layer", new ModuleList<>());
            selfAttn = (SelfAttentionLayer) layer.add(new SelfAttentionLayer(be, c, hasBias, rng, drop));
            crossAttn = isDecoder ? (CrossAttentionLayer) layer.add(new CrossAttentionLayer(be, c, rng, drop)) : null;
            ff = (FeedForwardLayer) layer.add(new FeedForwardLayer(be, c, rng, drop));
        }

        public Tensor forward(Tensor x, AttentionOptions self, Tensor encoderHidden, AttentionOptions cross) {
            x = selfAttn.forward(x, self);
            if (crossAttn != null) {
                x = crossAttn.forward(x, encoderHidden, cross);
            }
            return hook(ff.forward(x));
        }

        Tensor forwardCached(Tensor x, AttentionOptions self, Tensor encoderHidden, AttentionOptions cross,
                             DecoderCache cache, int layer) {
            x = selfAttn.forwardCached(x, self, cache, layer);
            x = crossAttn.forwardCached(x, encoderHidden, cross, cache, layer);
            return hook(ff.forward(x));
        }

        Attention selfAttention() {
            return selfAttn.attention;
        }
    }

    /** {@code layer.0}: {@code x + dropout(SelfAttention(layer_norm(x)))}. */
    public static final class SelfAttentionLayer extends Module {
        private final Attention attention;
        private final RMSNorm layerNorm;
        private final Dropout dropout;

        SelfAttentionLayer(ComputeBackend be, T5Config c, boolean hasBias, Random rng, DropoutRng drop) {
            attention = registerModule("SelfAttention", new Attention(be, c, hasBias, rng));
            layerNorm = registerModule("layer_norm", new RMSNorm(be, c.dModel(), c.layerNormEpsilon()));
            dropout = registerModule("dropout", new Dropout(c.dropoutRate(), drop));
        }

        Tensor forward(Tensor x, AttentionOptions opts) {
            Tensor h = layerNorm.forward(x);
            return x.add(dropout.forward(attention.forward(h, h, opts)));
        }

        Tensor forwardCached(Tensor x, AttentionOptions opts, DecoderCache cache, int layer) {
            Tensor h = layerNorm.forward(x);
            Tensor k = attention.k.forward(h);
            Tensor v = attention.v.forward(h);
            if (cache.selfKeys[layer] != null) {
                k = Functional.concat(1, cache.selfKeys[layer], k);            // [B, Tpast + Tnew, inner]
                v = Functional.concat(1, cache.selfValues[layer], v);
            }
            cache.selfKeys[layer] = k;
            cache.selfValues[layer] = v;
            return x.add(dropout.forward(attention.attend(h, k, v, opts)));
        }
    }

    /** {@code layer.1} of the decoder: {@code x + dropout(EncDecAttention(layer_norm(x), encoder output))}. */
    public static final class CrossAttentionLayer extends Module {
        private final Attention attention;
        private final RMSNorm layerNorm;
        private final Dropout dropout;

        CrossAttentionLayer(ComputeBackend be, T5Config c, Random rng, DropoutRng drop) {
            attention = registerModule("EncDecAttention", new Attention(be, c, false, rng));
            layerNorm = registerModule("layer_norm", new RMSNorm(be, c.dModel(), c.layerNormEpsilon()));
            dropout = registerModule("dropout", new Dropout(c.dropoutRate(), drop));
        }

        Tensor forward(Tensor x, Tensor encoderHidden, AttentionOptions opts) {
            return x.add(dropout.forward(attention.forward(layerNorm.forward(x), encoderHidden, opts)));
        }

        Tensor forwardCached(Tensor x, Tensor encoderHidden, AttentionOptions opts, DecoderCache cache, int layer) {
            if (cache.crossKeys[layer] == null) {
                cache.crossKeys[layer] = attention.k.forward(encoderHidden);    // [B, Ts, inner], once
                cache.crossValues[layer] = attention.v.forward(encoderHidden);
            }
            return x.add(dropout.forward(attention.attend(layerNorm.forward(x), cache.crossKeys[layer],
                    cache.crossValues[layer], opts)));
        }
    }

    /** The last layer of a block: {@code x + dropout(DenseReluDense(layer_norm(x)))}. */
    public static final class FeedForwardLayer extends Module {
        private final DenseReluDense dense;
        private final RMSNorm layerNorm;
        private final Dropout dropout;

        FeedForwardLayer(ComputeBackend be, T5Config c, Random rng, DropoutRng drop) {
            dense = registerModule("DenseReluDense", new DenseReluDense(be, c, rng, drop));
            layerNorm = registerModule("layer_norm", new RMSNorm(be, c.dModel(), c.layerNormEpsilon()));
            dropout = registerModule("dropout", new Dropout(c.dropoutRate(), drop));
        }

        Tensor forward(Tensor x) {
            return x.add(dropout.forward(dense.forward(layerNorm.forward(x))));
        }
    }

    /**
     * {@code DenseReluDense}: {@code wo(dropout(act(wi(x))))}, or with T5 v1.1's gate
     * {@code wo(dropout(act(wi_0(x)) · wi_1(x)))}; no biases.
     */
    public static final class DenseReluDense extends Module {
        private final dev.graft.api.nn.Activation act;
        private final Linear wi;
        private final Linear wi0;
        private final Linear wi1;
        private final Linear wo;
        private final Dropout dropout;

        DenseReluDense(ComputeBackend be, T5Config c, Random rng, DropoutRng drop) {
            act = c.denseAct();
            float inStd = (float) (c.initializerFactor() / Math.sqrt(c.dModel()));
            if (c.gatedAct()) {
                wi = null;
                wi0 = registerModule("wi_0", new Linear(be, c.dModel(), c.dFf(), false, rng, inStd));
                wi1 = registerModule("wi_1", new Linear(be, c.dModel(), c.dFf(), false, rng, inStd));
            } else {
                wi0 = null;
                wi1 = null;
                wi = registerModule("wi", new Linear(be, c.dModel(), c.dFf(), false, rng, inStd));
            }
            wo = registerModule("wo", new Linear(be, c.dFf(), c.dModel(), false, rng,
                    (float) (c.initializerFactor() / Math.sqrt(c.dFf()))));
            dropout = registerModule("dropout", new Dropout(c.dropoutRate(), drop));
        }

        public Tensor forward(Tensor x) {
            Tensor inner = wi == null ? act.apply(wi0.forward(x)).mul(wi1.forward(x)) : act.apply(wi.forward(x));
            return wo.forward(dropout.forward(hook(inner)));                  // hook sees [B, T, d_ff]
        }
    }

    /** Multi-head attention without biases or score scaling ({@code q}, {@code k}, {@code v}, {@code o}). */
    public static final class Attention extends Module {
        private final int heads;
        private final Linear q;
        private final Linear k;
        private final Linear v;
        private final Linear o;
        private final Embedding relativeAttentionBias;

        Attention(ComputeBackend be, T5Config c, boolean hasBias, Random rng) {
            heads = c.numHeads();
            int inner = c.innerDim();
            double f = c.initializerFactor();
            q = registerModule("q", new Linear(be, c.dModel(), inner, false, rng,
                    (float) (f / Math.sqrt((double) c.dModel() * c.dKv()))));
            k = registerModule("k", new Linear(be, c.dModel(), inner, false, rng, (float) (f / Math.sqrt(c.dModel()))));
            v = registerModule("v", new Linear(be, c.dModel(), inner, false, rng, (float) (f / Math.sqrt(c.dModel()))));
            o = registerModule("o", new Linear(be, inner, c.dModel(), false, rng, (float) (f / Math.sqrt(inner))));
            relativeAttentionBias = hasBias
                    ? registerModule("relative_attention_bias", RelativePositionBias.newTable(be, c, rng)) : null;
        }

        Tensor forward(Tensor x, Tensor context, AttentionOptions opts) {
            return attend(x, k.forward(context), v.forward(context), opts);
        }

        /** Attention of {@code x}'s queries over already projected keys and values. */
        Tensor attend(Tensor x, Tensor keys, Tensor values, AttentionOptions opts) {
            Tensor a = Functional.attention(q.forward(x), keys, values, heads, opts);
            return hook(o.forward(a));
        }

        Embedding relativeAttentionBias() {
            if (relativeAttentionBias == null) {
                throw new IllegalStateException("only the first block of a T5 stack has a relative attention bias");
            }
            return relativeAttentionBias;
        }
    }
}
