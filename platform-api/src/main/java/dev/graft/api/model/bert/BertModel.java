package dev.graft.api.model.bert;

import dev.graft.api.model.Positions;
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
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * The BERT encoder (Devlin et al., 2019), also RoBERTa's (Liu et al., 2019): embeddings (word + position +
 * token type, layer norm), a stack of post-LN Transformer layers and optionally the pooler (dense + tanh on the
 * first token), with Hugging Face's module paths ({@code embeddings.word_embeddings},
 * {@code encoder.layer.0.attention.self.query}, {@code pooler.dense}, ...). Task heads wrap it under the prefix
 * {@code bert} or {@code roberta}.
 *
 * <p>Position ids: BERT numbers positions {@code 0..T-1}. RoBERTa ({@link BertConfig#isRoberta()}) numbers the
 * real tokens {@code pad_token_id + 1, pad_token_id + 2, ...} in order and gives every padding token the position
 * {@code pad_token_id} (Hugging Face's {@code create_position_ids_from_input_ids}).
 */
public final class BertModel extends Module {
    private final BertConfig config;
    private final Embeddings embeddings;
    private final Encoder encoder;
    private final Pooler pooler;

    /**
     * Builds the encoder without a pooler (what masked-language models use).
     *
     * @param rng     source of the initial weights ({@code N(0, initializer_range²)})
     * @param dropout the model's dropout mask stream
     */
    public BertModel(ComputeBackend backend, BertConfig config, Random rng, DropoutRng dropout) {
        this(backend, config, rng, dropout, false);
    }

    /**
     * @param rng              source of the initial weights ({@code N(0, initializer_range²)})
     * @param dropout          the model's dropout mask stream
     * @param addPoolingLayer  whether to add the pooler ({@code pooler.dense}), as Hugging Face's argument of
     *                         that name
     */
    public BertModel(ComputeBackend backend, BertConfig config, Random rng, DropoutRng dropout,
                     boolean addPoolingLayer) {
        this.config = config;
        embeddings = registerModule("embeddings", new Embeddings(backend, config, rng, dropout));
        encoder = registerModule("encoder", new Encoder(backend, config, rng, dropout));
        pooler = addPoolingLayer ? registerModule("pooler", new Pooler(backend, config, rng)) : null;
    }

    /**
     * @return the pooled first-token representation {@code tanh(pooler.dense(h[:, 0]))}, {@code [B, hidden]}
     * @throws IllegalStateException if the model was built without a pooler
     */
    public Tensor pool(Tensor lastHidden) {
        if (pooler == null) {
            throw new IllegalStateException("this BertModel has no pooler");
        }
        return pooler.forward(lastHidden);
    }

    /** @return whether the model has a pooler */
    public boolean hasPooler() {
        return pooler != null;
    }

    /** @return the configuration */
    public BertConfig config() {
        return config;
    }

    /**
     * The hidden states Hugging Face returns with {@code output_hidden_states}: {@code hidden_states.0} is the
     * embedding output, {@code hidden_states.i} the output of layer {@code i - 1}.
     */
    public java.util.List<dev.graft.api.model.HiddenStates.Tap> hiddenStateTaps() {
        java.util.List<dev.graft.api.model.HiddenStates.Tap> taps = new java.util.ArrayList<>();
        taps.add(new dev.graft.api.model.HiddenStates.Tap("hidden_states.0", embeddings));
        for (int i = 0; i < encoder.layers().size(); i++) {
            taps.add(new dev.graft.api.model.HiddenStates.Tap("hidden_states." + (i + 1), encoder.layers().get(i)));
        }
        return taps;
    }

    /** @return the embedding block */
    public Embeddings embeddings() {
        return embeddings;
    }

    /** @return the layer stack */
    public Encoder encoder() {
        return encoder;
    }

    /**
     * @param ids           I32 {@code [B, T]}
     * @param tokenTypeIds  I32 {@code [B, T]}, or {@code null} for all zeros
     * @param attentionMask I32 {@code [B, T]} of ones and zeros (padding), or {@code null}
     * @return the last hidden states {@code [B, T, hidden]}
     */
    public Tensor forward(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask) {
        AttentionOptions opts = attentionMask == null ? AttentionOptions.BIDIRECTIONAL
                : AttentionOptions.BIDIRECTIONAL.withKeyMask(Functional.keyMask(attentionMask));
        return hook(encoder.forward(embeddings.forward(ids, tokenTypeIds), opts));
    }

    /** Word, position and token-type embeddings, summed and normalised ({@code embeddings.*}). */
    public static final class Embeddings extends Module {
        private final BertConfig config;
        private final Embedding word;
        private final Embedding position;
        private final Embedding tokenType;
        private final LayerNorm norm;
        private final Dropout dropout;

        Embeddings(ComputeBackend be, BertConfig c, Random rng, DropoutRng drop) {
            config = c;
            word = registerModule("word_embeddings", new Embedding(be, c.vocabSize(), c.hiddenSize(), rng,
                    c.initializerRange()));
            position = registerModule("position_embeddings", new Embedding(be, c.maxPositionEmbeddings(),
                    c.hiddenSize(), rng, c.initializerRange()));
            tokenType = registerModule("token_type_embeddings", new Embedding(be, c.typeVocabSize(), c.hiddenSize(),
                    rng, c.initializerRange()));
            // "LayerNorm" keeps TensorFlow's variable name so that every BERT checkpoint loads.
            norm = registerModule("LayerNorm", new LayerNorm(be, c.hiddenSize(), c.layerNormEps()));
            dropout = registerModule("dropout", new Dropout(c.hiddenDropoutProb(), drop));
        }

        public Tensor forward(Tensor ids, Tensor tokenTypeIds) {
            Tensor types = tokenTypeIds != null ? tokenTypeIds
                    : Tensor.ofInts(ids.backend(), new int[Math.toIntExact(ids.numel())], ids.shape());
            Tensor x = word.forward(ids).add(tokenType.forward(types)).add(position.forward(positionIds(ids)));
            return hook(dropout.forward(norm.forward(x)));
        }

        /** @return I32 position ids: {@code [T]} for BERT, {@code [B, T]} for RoBERTa (from the pad positions) */
        Tensor positionIds(Tensor ids) {
            int t = ids.size(1);
            if (!config.isRoberta()) {
                if (t > config.maxPositionEmbeddings()) {
                    throw new IllegalArgumentException("sequence length " + t + " exceeds max_position_embeddings "
                            + config.maxPositionEmbeddings());
                }
                return Positions.arange(ids.backend(), t);
            }
            int pad = config.padTokenId();
            int[] id = ids.toIntArray();
            int[] pos = new int[id.length];
            for (int row = 0; row < id.length; row += t) {
                int count = 0;
                for (int j = 0; j < t; j++) {
                    pos[row + j] = id[row + j] == pad ? pad : pad + ++count;
                }
                if (pad + count >= config.maxPositionEmbeddings()) {
                    throw new IllegalArgumentException("a sequence of " + count + " tokens needs position id "
                            + (pad + count) + " but max_position_embeddings is " + config.maxPositionEmbeddings());
                }
            }
            return Tensor.ofInts(ids.backend(), pos, ids.shape());
        }

        /** @return the word embedding table, shared with the MLM decoder */
        public Embedding wordEmbeddings() {
            return word;
        }
    }

    /** The pooler ({@code pooler.dense}): {@code tanh(dense(h[:, 0]))}. */
    public static final class Pooler extends Module {
        private final Linear dense;

        Pooler(ComputeBackend be, BertConfig c, Random rng) {
            dense = registerModule("dense", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng,
                    c.initializerRange()));
        }

        /** @param h {@code [B, T, hidden]} @return {@code [B, hidden]} */
        public Tensor forward(Tensor h) {
            Tensor first = h.slice(1, 0, 1).reshape(h.size(0), h.size(2));      // [B, hidden]
            return hook(dense.forward(first).tanh());
        }
    }

    /** The layer stack ({@code encoder.layer.N}). */
    public static final class Encoder extends Module {
        private final ModuleList<Layer> layer;

        Encoder(ComputeBackend be, BertConfig c, Random rng, DropoutRng drop) {
            layer = registerModule("layer", new ModuleList<>());
            for (int i = 0; i < c.numHiddenLayers(); i++) {
                layer.add(new Layer(be, c, rng, drop));
            }
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            for (Layer l : layer.items()) {
                x = l.forward(x, opts);
            }
            return x;
        }

        /** @return the layers */
        public ModuleList<Layer> layers() {
            return layer;
        }
    }

    /** One post-LN layer: attention, then the feed-forward network, each with a residual and a layer norm. */
    public static final class Layer extends Module {
        private final Attention attention;
        private final Intermediate intermediate;
        private final Output output;

        Layer(ComputeBackend be, BertConfig c, Random rng, DropoutRng drop) {
            attention = registerModule("attention", new Attention(be, c, rng, drop));
            intermediate = registerModule("intermediate", new Intermediate(be, c, rng));
            output = registerModule("output", new Output(be, c, c.intermediateSize(), rng, drop));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            Tensor a = attention.forward(x, opts);
            return hook(output.forward(intermediate.forward(a), a));
        }
    }

    /** Self-attention ({@code attention.self}) and its output projection ({@code attention.output}). */
    public static final class Attention extends Module {
        private final SelfAttention self;
        private final Output output;

        Attention(ComputeBackend be, BertConfig c, Random rng, DropoutRng drop) {
            self = registerModule("self", new SelfAttention(be, c, rng));
            output = registerModule("output", new Output(be, c, c.hiddenSize(), rng, drop));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            return output.forward(self.forward(x, opts), x);
        }
    }

    /** Query, key and value projections and fused attention ({@code attention.self}). */
    public static final class SelfAttention extends Module {
        private final int heads;
        private final Linear query;
        private final Linear key;
        private final Linear value;

        SelfAttention(ComputeBackend be, BertConfig c, Random rng) {
            heads = c.numAttentionHeads();
            query = registerModule("query", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng, c.initializerRange()));
            key = registerModule("key", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng, c.initializerRange()));
            value = registerModule("value", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng, c.initializerRange()));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            return hook(Functional.attention(query.forward(x), key.forward(x), value.forward(x), heads, opts));
        }
    }

    /** The feed-forward expansion and activation ({@code intermediate.dense}). */
    public static final class Intermediate extends Module {
        private final Linear dense;
        private final dev.graft.api.nn.Activation act;

        Intermediate(ComputeBackend be, BertConfig c, Random rng) {
            act = c.hiddenAct();
            dense = registerModule("dense", new Linear(be, c.hiddenSize(), c.intermediateSize(), true, rng,
                    c.initializerRange()));
        }

        public Tensor forward(Tensor x) {
            return hook(act.apply(dense.forward(x)));
        }
    }

    /** Projection, dropout, residual and layer norm ({@code attention.output} and {@code output}). */
    public static final class Output extends Module {
        private final Linear dense;
        private final LayerNorm norm;
        private final Dropout dropout;

        Output(ComputeBackend be, BertConfig c, int in, Random rng, DropoutRng drop) {
            dense = registerModule("dense", new Linear(be, in, c.hiddenSize(), true, rng, c.initializerRange()));
            norm = registerModule("LayerNorm", new LayerNorm(be, c.hiddenSize(), c.layerNormEps()));
            dropout = registerModule("dropout", new Dropout(c.hiddenDropoutProb(), drop));
        }

        /** @return {@code LayerNorm(dropout(dense(x)) + residual)} */
        public Tensor forward(Tensor x, Tensor residual) {
            return norm.forward(dropout.forward(dense.forward(x)).add(residual));
        }
    }
}
