package dev.graft.api.model.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.GenerationOptions;
import dev.graft.api.nn.Activation;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cached generation against the oracle: a full forward pass over the whole sequence at every step. */
class Gpt2GenerationTest {
    private static final int VOCAB = 50;
    private final ComputeBackend be = new ReferenceBackend();

    /** Weights large enough that the logits are far apart, so argmax does not hinge on rounding. */
    private Gpt2LMHeadModel model(boolean tied, boolean inverseLayerScale) {
        Gpt2Config c = new Gpt2Config(VOCAB, 32, 16, 3, 2, 24, Activation.GELU_NEW, 0f, 0f, 0f, 1e-5f, 0.5f, tied,
                true, inverseLayerScale, false, 0, 0, null, java.util.List.of(), java.util.Map.of(),
                dev.graft.api.model.ConfigFields.empty());
        Gpt2LMHeadModel m = new Gpt2LMHeadModel(be, c, 7);
        m.eval();
        return m;
    }

    /** @return the last position's logits of a full forward pass over {@code seq} */
    private float[] fullLastLogits(Gpt2LMHeadModel m, int[] seq) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor logits = m.forward(Tensor.ofInts(be, seq, 1, seq.length), null);
            return logits.slice(1, seq.length - 1, seq.length).toFloatArray();
        }
    }

    private int[] oracle(Gpt2LMHeadModel m, int[] prompt, GenerationOptions o) {
        Random rng = o.newRandom();
        int[] seq = prompt.clone();
        int[] out = new int[o.maxNewTokens()];
        for (int i = 0; i < out.length; i++) {
            out[i] = o.pick(fullLastLogits(m, seq), rng);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = out[i];
        }
        return out;
    }

    @Test
    void cachedGreedyGenerationEqualsFullRecomputation() {
        for (boolean tied : new boolean[] {true, false}) {
            Gpt2LMHeadModel m = model(tied, !tied);
            int[] prompt = {3, 17, 42, 8, 8};
            GenerationOptions greedy = GenerationOptions.greedy(12);
            int[] cached = m.generate(prompt, greedy, -1);
            assertEquals(12, cached.length);
            assertArrayEquals(oracle(m, prompt, greedy), cached, "tied " + tied);
        }
    }

    @Test
    void cachedLogitsEqualTheFullPassAtEveryStep() {
        Gpt2LMHeadModel m = model(true, true);
        int[] seq = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        try (NoGrad ignored = NoGrad.enter()) {
            Gpt2LMHeadModel.KvCache cache = new Gpt2LMHeadModel.KvCache(3);
            float[] full = m.forward(Tensor.ofInts(be, seq, 1, seq.length), null).toFloatArray();
            // the prompt in one call, then one position per call
            float[] first = m.forwardCached(Tensor.ofInts(be, Arrays.copyOf(seq, 4), 1, 4), cache).toFloatArray();
            for (int i = 0; i < first.length; i++) {
                assertEquals(full[i], first[i], 1e-5f, "prompt logit " + i);
            }
            for (int t = 4; t < seq.length; t++) {
                float[] step = m.forwardCached(Tensor.ofInts(be, new int[] {seq[t]}, 1, 1), cache).toFloatArray();
                for (int v = 0; v < VOCAB; v++) {
                    assertEquals(full[t * VOCAB + v], step[v], 1e-5f, "position " + t + " logit " + v);
                }
            }
            assertEquals(seq.length, cache.length());
        }
    }

    @Test
    void samplingIsReproducibleAndFollowsTheFullPass() {
        Gpt2LMHeadModel m = model(true, false);
        int[] prompt = {5, 6};
        GenerationOptions sample = new GenerationOptions(10, 0.8f, 5, 123L);
        int[] a = m.generate(prompt, sample, -1);
        assertArrayEquals(a, m.generate(prompt, sample, -1), "same seed, same tokens");
        assertArrayEquals(oracle(m, prompt, sample), a);
        int[] other = m.generate(prompt, new GenerationOptions(10, 0.8f, 5, 124L), -1);
        assertTrue(!Arrays.equals(a, other) || a.length == 0, "another seed draws other tokens");
    }

    @Test
    void generationStopsAtTheStopTokenAndRefusesTooLongRequests() {
        Gpt2LMHeadModel m = model(true, false);
        int[] prompt = {3, 17, 42};
        int[] free = m.generate(prompt, GenerationOptions.greedy(10), -1);
        int[] stopped = m.generate(prompt, GenerationOptions.greedy(10), free[2]);
        int firstStop = 0;
        while (free[firstStop] != free[2]) {
            firstStop++;
        }
        assertArrayEquals(Arrays.copyOf(free, firstStop + 1), stopped);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.generate(prompt, GenerationOptions.greedy(30), -1));
        assertEquals("prompt (3) plus 30 new tokens exceed n_positions 32", e.getMessage());
    }

    @Test
    void topKKeepsOnlyTheLargestLogits() {
        GenerationOptions o = new GenerationOptions(1, 1f, 2, 9L);
        float[] logits = {0f, 5f, 4.9f, -3f, 4.8f};
        Random rng = o.newRandom();
        for (int i = 0; i < 200; i++) {
            int t = o.pick(logits, rng);
            assertTrue(t == 1 || t == 2, "picked " + t);
        }
        assertEquals(1, GenerationOptions.greedy(1).pick(logits, null));
    }
}
