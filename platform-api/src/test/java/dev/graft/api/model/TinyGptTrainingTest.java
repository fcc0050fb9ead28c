package dev.graft.api.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tiny GPT memorises a small fixed set of random sequences: with enough capacity, the next-token loss on
 * them must fall close to zero (from about ln(vocab) at the start), and a second run with the same seed must
 * give bit-identical losses.
 */
class TinyGptTrainingTest {
    private static final int VOCAB = 16;
    private static final int T = 8;
    private static final int B = 4;

    static float[] train(ComputeBackend be, long seed, int steps) {
        Gpt2LMHeadModel model = new Gpt2LMHeadModel(be, Gpt2Config.of(VOCAB, T, 32, 2, 2, 64), seed);
        Random data = new Random(1234);
        int[] seq = new int[B * (T + 1)];
        for (int i = 0; i < seq.length; i++) {
            seq[i] = data.nextInt(VOCAB);
        }
        int[] in = new int[B * T];
        int[] tg = new int[B * T];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                in[b * T + t] = seq[b * (T + 1) + t];
                tg[b * T + t] = seq[b * (T + 1) + t + 1];
            }
        }
        Tensor ids = Tensor.ofInts(be, in, B, T);
        Tensor targets = Tensor.ofInts(be, tg, B, T);
        AdamW opt = new AdamW(model.parameters(), 1e-2f, 0.9f, 0.99f, 1e-8f, 0f);
        float[] losses = new float[steps];
        for (int s = 0; s < steps; s++) {
            Tensor loss = model.loss(ids, null, targets);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            losses[s] = loss.item();
        }
        return losses;
    }

    @Test
    void memorisesSequencesAndIsDeterministic() {
        float[] a = train(new ReferenceBackend(), 5, 200);
        assertTrue(a[0] > 0.8 * Math.log(VOCAB), "starts near ln(V), got " + a[0]);
        assertTrue(a[a.length - 1] < 0.05, "memorised: final loss " + a[a.length - 1]);
        float[] b = train(new ReferenceBackend(), 5, 200);
        assertArrayEquals(a, b, "same seed, same backend: bit-identical losses");
    }
}
