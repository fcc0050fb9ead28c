package dev.graft.api.tensor;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.model.t5.T5Config;
import dev.graft.api.model.t5.T5ForConditionalGeneration;
import dev.graft.api.nn.Module;
import java.util.Random;

/**
 * A tiny GPT-2 (tied embeddings), BERT (padding, loss at masked positions, label smoothing) and T5 (relative
 * position bias, encoder and decoder) with a loss on random tokens: the three model families, for tests that run
 * whole models on a backend that checks what the engine does with memory.
 */
enum TinyModelCase {
    GPT2 {
        @Override
        Module build(ComputeBackend be) {
            return new Gpt2LMHeadModel(be, Gpt2Config.of(40, 12, 16, 2, 2, 24), 7);
        }

        @Override
        Tensor loss(Module m, Random r) {
            ComputeBackend be = backendOf(m);
            return ((Gpt2LMHeadModel) m).loss(ints(be, r, 40, 2, 9), null, ints(be, r, 40, 2, 9));
        }
    },
    BERT {
        @Override
        Module build(ComputeBackend be) {
            return new BertForMaskedLM(be, BertConfig.of(30, 16, 2, 2, 24, 10), 11);
        }

        @Override
        Tensor loss(Module m, Random r) {
            ComputeBackend be = backendOf(m);
            Tensor mask = Tensor.ofInts(be, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, 2, 8);
            Tensor logits = ((BertForMaskedLM) m).forwardAt(ints(be, r, 30, 2, 8), null, mask,
                    Tensor.ofInts(be, new int[] {1, 4, 0, 2}, 2, 2));
            return Functional.crossEntropy(logits, ints(be, r, 30, 4), -100, 0.1f);
        }
    },
    T5 {
        @Override
        Module build(ComputeBackend be) {
            return new T5ForConditionalGeneration(be, T5Config.v11(24, 16, 2, 32, 2), 13);
        }

        @Override
        Tensor loss(Module m, Random r) {
            ComputeBackend be = backendOf(m);
            return ((T5ForConditionalGeneration) m).loss(ints(be, r, 24, 2, 7), null, ints(be, r, 24, 2, 5));
        }
    };

    /** @return the model, initialised from a fixed seed */
    abstract Module build(ComputeBackend be);

    /** @return the model's training loss on a batch of tokens drawn from {@code r} */
    abstract Tensor loss(Module m, Random r);

    private static ComputeBackend backendOf(Module m) {
        return m.parameters().get(0).backend();
    }

    private static Tensor ints(ComputeBackend be, Random r, int bound, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(bound);
        }
        return Tensor.ofInts(be, v, shape);
    }
}
