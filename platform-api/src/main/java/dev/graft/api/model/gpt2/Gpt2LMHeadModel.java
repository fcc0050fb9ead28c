package dev.graft.api.model.gpt2;

import dev.graft.api.model.Positions;
import dev.graft.api.nn.Conv1D;
import dev.graft.api.nn.Dropout;
import dev.graft.api.nn.Embedding;
import dev.graft.api.nn.LayerNorm;
import dev.graft.api.nn.Module;
import dev.graft.api.nn.ModuleList;
import dev.graft.api.tensor.AttentionOptions;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * GPT-2 with its language-modelling head (Radford et al., 2019): pre-LN decoder blocks, learned absolute
 * positions, causal attention, a final layer norm and an LM head tied to the token embedding. Module paths are
 * Hugging Face's ({@code transformer.h.0.attn.c_attn.weight}); the tied head is the {@code wte} tensor.
 */
public final class Gpt2LMHeadModel extends Module {
    private final Gpt2Config config;
    private final Transformer transformer;

    /**
     * Builds a randomly initialised model (weights {@code N(0, initializer_range²)}; the residual projections
     * scaled by {@code 1/sqrt(2·n_layer)} as in the GPT-2 paper).
     *
     * @param seed seeds both the initial weights and the dropout masks
     */
    public Gpt2LMHeadModel(ComputeBackend backend, Gpt2Config config, long seed) {
        this.config = config;
        Random rng = new Random(seed);
        DropoutRng dropout = new DropoutRng(seed);
        this.transformer = registerModule("transformer", new Transformer(backend, config, rng, dropout));
    }

    /** @return the configuration */
    public Gpt2Config config() {
        return config;
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
        Tensor h = transformer.forward(ids, attentionMask);
        return hook(Functional.linear(h, transformer.wte.weight(), null)); // tied LM head
    }

    /**
     * The mean next-token cross-entropy of {@code [B, T]} ids against {@code [B, T]} targets (already shifted;
     * -100 is ignored).
     */
    public Tensor loss(Tensor ids, Tensor attentionMask, Tensor targets) {
        Tensor logits = forward(ids, attentionMask);
        return Functional.crossEntropy(logits.reshape(-1, config.vocabSize()), targets.reshape(-1), -100, 0f);
    }

    /** The decoder stack ({@code transformer.*}). */
    public static final class Transformer extends Module {
        private final Gpt2Config config;
        final Embedding wte;
        private final Embedding wpe;
        private final Dropout drop;
        private final ModuleList<Block> h;
        private final LayerNorm lnF;

        Transformer(ComputeBackend be, Gpt2Config c, Random rng, DropoutRng dropout) {
            this.config = c;
            wte = registerModule("wte", new Embedding(be, c.vocabSize(), c.nEmbd(), rng, c.initializerRange()));
            wpe = registerModule("wpe", new Embedding(be, c.nPositions(), c.nEmbd(), rng, c.initializerRange()));
            drop = registerModule("drop", new Dropout(c.embdPdrop(), dropout));
            h = registerModule("h", new ModuleList<>());
            for (int i = 0; i < c.nLayer(); i++) {
                h.add(new Block(be, c, rng, dropout));
            }
            lnF = registerModule("ln_f", new LayerNorm(be, c.nEmbd(), c.layerNormEpsilon()));
        }

        /** @return the final hidden states {@code [B, T, n_embd]} after {@code ln_f} */
        public Tensor forward(Tensor ids, Tensor attentionMask) {
            int t = ids.size(1);
            if (t > config.nPositions()) {
                throw new IllegalArgumentException("sequence length " + t + " exceeds n_positions "
                        + config.nPositions());
            }
            Tensor pos = Positions.arange(ids.backend(), t);
            Tensor x = drop.forward(wte.forward(ids).add(wpe.forward(pos)));
            AttentionOptions opts = attentionMask == null ? AttentionOptions.CAUSAL
                    : AttentionOptions.CAUSAL.withKeyMask(Functional.keyMask(attentionMask));
            for (Block b : h.items()) {
                x = b.forward(x, opts);
            }
            return hook(lnF.forward(x));
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

        Block(ComputeBackend be, Gpt2Config c, Random rng, DropoutRng dropout) {
            ln1 = registerModule("ln_1", new LayerNorm(be, c.nEmbd(), c.layerNormEpsilon()));
            attn = registerModule("attn", new Attention(be, c, rng, dropout));
            ln2 = registerModule("ln_2", new LayerNorm(be, c.nEmbd(), c.layerNormEpsilon()));
            mlp = registerModule("mlp", new Mlp(be, c, rng, dropout));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            x = x.add(attn.forward(ln1.forward(x), opts));
            return hook(x.add(mlp.forward(ln2.forward(x))));
        }
    }

    /** Causal self-attention with one packed QKV projection ({@code attn.c_attn}, {@code attn.c_proj}). */
    public static final class Attention extends Module {
        private final int heads;
        private final Conv1D cAttn;
        private final Conv1D cProj;
        private final Dropout residDropout;

        Attention(ComputeBackend be, Gpt2Config c, Random rng, DropoutRng dropout) {
            heads = c.nHead();
            cAttn = registerModule("c_attn", new Conv1D(be, c.nEmbd(), 3 * c.nEmbd(), rng, c.initializerRange()));
            // GPT-2 paper: residual projections scaled by 1/sqrt(number of residual layers) at init.
            float projStd = (float) (c.initializerRange() / Math.sqrt(2.0 * c.nLayer()));
            cProj = registerModule("c_proj", new Conv1D(be, c.nEmbd(), c.nEmbd(), rng, projStd));
            residDropout = registerModule("resid_dropout", new Dropout(c.residPdrop(), dropout));
        }

        public Tensor forward(Tensor x, AttentionOptions opts) {
            Tensor qkv = cAttn.forward(x);                                   // [B, T, 3·d]
            Tensor y = Functional.packedSelfAttention(qkv, heads, opts);     // [B, T, d]
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
