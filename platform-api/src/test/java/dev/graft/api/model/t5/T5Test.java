package dev.graft.api.model.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

class T5Test {
    @Test
    void relativePositionBucketsFollowT5sScheme() {
        // Bidirectional, 32 buckets, max distance 128: 16 per direction, exact below 8, logarithmic above.
        assertEquals(0, RelativePositionBias.bucket(0, true, 32, 128));
        assertEquals(1, RelativePositionBias.bucket(-1, true, 32, 128));
        assertEquals(17, RelativePositionBias.bucket(1, true, 32, 128));
        assertEquals(7, RelativePositionBias.bucket(-7, true, 32, 128));
        // 8 + floor(log(20/8) / log(128/8) · 8) = 8 + floor(2.644) = 10
        assertEquals(10, RelativePositionBias.bucket(-20, true, 32, 128));
        assertEquals(26, RelativePositionBias.bucket(20, true, 32, 128));
        assertEquals(15, RelativePositionBias.bucket(-1000, true, 32, 128));
        // Causal: future offsets share bucket 0; 16 + floor(log(20/16) / log(8) · 16) = 16 + 1 = 17
        assertEquals(0, RelativePositionBias.bucket(5, false, 32, 128));
        assertEquals(17, RelativePositionBias.bucket(-20, false, 32, 128));
        assertEquals(31, RelativePositionBias.bucket(-1000, false, 32, 128));
    }

    @Test
    void learnsToCopyItsInput() {
        ComputeBackend be = new ReferenceBackend();
        T5Config c = T5Config.v11(12, 32, 2, 64, 1);
        T5ForConditionalGeneration model = new T5ForConditionalGeneration(be, c, 3);
        int[] src = {3, 4, 5, 6, 7, 8, 9, 10, 11, 2, 5, 7};
        Tensor input = Tensor.ofInts(be, src, 2, 6);
        Tensor labels = Tensor.ofInts(be, src, 2, 6);
        AdamW opt = new AdamW(model.parameters(), 1e-2f, 0.9f, 0.99f, 1e-8f, 0f);
        float first = Float.NaN;
        float last = Float.NaN;
        for (int s = 0; s < 120; s++) {
            Tensor loss = model.loss(input, null, labels);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            if (s == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(first > 1.5, "starts near ln(12): " + first);
        assertTrue(last < 0.05, "copies its input after training: " + last);
        model.eval();
        int[][] out = model.generate(input, null, 6);
        assertEquals(java.util.Arrays.toString(new int[] {3, 4, 5, 6, 7, 8}), java.util.Arrays.toString(out[0]));
        // the single-sequence generator picks the same tokens as the batch one
        int[] one = model.generate(new int[] {3, 4, 5, 6, 7, 8}, dev.graft.api.model.GenerationOptions.greedy(6));
        assertEquals(java.util.Arrays.toString(out[0]), java.util.Arrays.toString(one));
    }

    @Test
    void cachedDecodingEqualsTheFullDecoderAtEveryStep() {
        ComputeBackend be = new ReferenceBackend();
        // v1.0-style, tied and rescaled, more decoder than encoder layers, wide weights for distinct logits
        T5Config c = new T5Config(20, 16, 4, 24, 1, 3, 4, 8, 16, 0f, 1e-6f, false,
                dev.graft.api.nn.Activation.RELU, true, true, 0, 0, 1, 3f);
        T5ForConditionalGeneration model = new T5ForConditionalGeneration(be, c, 5);
        model.eval();
        int[] src = {4, 9, 3, 1};
        int[] dec = {0, 7, 2, 11, 5, 8, 13};
        try (dev.graft.api.tensor.NoGrad ignored = dev.graft.api.tensor.NoGrad.enter()) {
            Tensor enc = model.encode(Tensor.ofInts(be, src, 1, src.length), null);
            float[] full = model.decode(enc, null, Tensor.ofInts(be, dec, 1, dec.length)).toFloatArray();
            T5ForConditionalGeneration.DecoderCache cache = new T5ForConditionalGeneration.DecoderCache(3);
            float[] first = model.decodeCached(enc, null, Tensor.ofInts(be, java.util.Arrays.copyOf(dec, 3), 1, 3),
                    cache).toFloatArray();
            for (int i = 0; i < first.length; i++) {
                assertEquals(full[i], first[i], 1e-5f, "first three positions, logit " + i);
            }
            for (int t = 3; t < dec.length; t++) {
                float[] step = model.decodeCached(enc, null, Tensor.ofInts(be, new int[] {dec[t]}, 1, 1), cache)
                        .toFloatArray();
                for (int v = 0; v < 20; v++) {
                    assertEquals(full[t * 20 + v], step[v], 1e-5f, "position " + t + " logit " + v);
                }
            }
            assertEquals(dec.length, cache.length());
        }
        int[][] uncached = model.generate(Tensor.ofInts(be, src, 1, src.length), null, 10);
        int[] cached = model.generate(src, dev.graft.api.model.GenerationOptions.greedy(10));
        assertEquals(java.util.Arrays.toString(uncached[0]), java.util.Arrays.toString(cached));
    }
}
