package dev.graft.api.surgery;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.nn.Module;
import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/** Tiny BERT and GPT-2 models, random inputs and brief training for the surgery tests. */
final class TinyModels {
    static final int VOCAB = 37;
    static final int T = 8;
    static final int B = 3;

    private TinyModels() {
    }

    static Gpt2Config gpt(int embd, int layers, int heads, int inner) {
        return Gpt2Config.of(VOCAB, T, embd, layers, heads, inner);
    }

    static BertConfig bert(int hidden, int layers, int heads, int intermediate) {
        return BertConfig.of(VOCAB, hidden, layers, heads, intermediate, T);
    }

    /** Adds N(0, std²) to every parameter, so that biases, LayerNorm gains and shifts are all non-trivial. */
    static <M extends Module> M randomize(M model, long seed, float std) {
        Random rng = new Random(seed);
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (rng.nextGaussian() * std);
            }
            e.getValue().copyFrom(v);
        }
        return model;
    }

    static Tensor ids(ComputeBackend be, long seed) {
        Random rng = new Random(seed);
        int[] ids = new int[B * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(VOCAB);
        }
        return Tensor.ofInts(be, ids, B, T);
    }

    static Tensor tokenTypes(ComputeBackend be, long seed) {
        Random rng = new Random(seed);
        int[] t = new int[B * T];
        for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextInt(2);
        }
        return Tensor.ofInts(be, t, B, T);
    }

    /** Ones, except the last two positions of the second sequence (padding). */
    static Tensor attentionMask(ComputeBackend be) {
        int[] m = new int[B * T];
        java.util.Arrays.fill(m, 1);
        m[T + T - 1] = 0;
        m[T + T - 2] = 0;
        return Tensor.ofInts(be, m, B, T);
    }

    /** Next-token targets of a random sequence, as {@code [ids, targets]}. */
    static Tensor[] nextTokens(ComputeBackend be, long seed) {
        Random rng = new Random(seed);
        int[] seq = new int[B * (T + 1)];
        for (int i = 0; i < seq.length; i++) {
            seq[i] = rng.nextInt(VOCAB);
        }
        int[] in = new int[B * T];
        int[] tg = new int[B * T];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                in[b * T + t] = seq[b * (T + 1) + t];
                tg[b * T + t] = seq[b * (T + 1) + t + 1];
            }
        }
        return new Tensor[] {Tensor.ofInts(be, in, B, T), Tensor.ofInts(be, tg, B, T)};
    }

    /** MLM labels: the token at about a third of the positions, -100 elsewhere. */
    static Tensor mlmLabels(Tensor ids, long seed) {
        Random rng = new Random(seed);
        int[] v = ids.toIntArray();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            labels[i] = rng.nextInt(3) == 0 ? v[i] : -100;
        }
        labels[0] = v[0];
        return Tensor.ofInts(ids.backend(), labels, ids.shape());
    }

    /** A few AdamW steps of next-token training. */
    static AdamW trainGpt(Gpt2LMHeadModel m, int steps, long seed) {
        ComputeBackend be = m.parameters().getFirst().backend();
        AdamW opt = new AdamW(m.parameters(), 1e-2f, 0.9f, 0.99f, 1e-8f, 0f);
        m.train(true);
        for (int s = 0; s < steps; s++) {
            Tensor[] batch = nextTokens(be, seed + s);
            Tensor loss = m.loss(batch[0], null, batch[1]);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        m.eval();
        return opt;
    }

    /** A few AdamW steps of masked-language-model training (the labels are the inputs at random positions). */
    static AdamW trainBert(BertForMaskedLM m, int steps, long seed) {
        ComputeBackend be = m.parameters().getFirst().backend();
        AdamW opt = new AdamW(m.parameters(), 1e-2f, 0.9f, 0.99f, 1e-8f, 0f);
        m.train(true);
        for (int s = 0; s < steps; s++) {
            Tensor ids = ids(be, seed + s);
            Tensor loss = m.loss(ids, tokenTypes(be, seed + s), attentionMask(be), mlmLabels(ids, seed + s));
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        m.eval();
        return opt;
    }

    static Tensor logits(Gpt2LMHeadModel m, ComputeBackend be) {
        m.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return m.forward(ids(be, 99), attentionMask(be));
        }
    }

    static Tensor logits(BertForMaskedLM m, ComputeBackend be) {
        m.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return m.forward(ids(be, 99), tokenTypes(be, 98), attentionMask(be));
        }
    }
}
