package dev.graft.api.train.reuse;

import dev.graft.api.tensor.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic language for smoke tests of pre-training plugins: every document is {@code [CLS]}, then two of 12
 * ordinary words in alternation (18 tokens), then {@code [SEP]}, so a masked word is predictable from its
 * neighbours and a small model's loss falls within a few dozen steps. Its vocabulary has {@value #VOCAB} ids
 * (0–4 special, 5–16 used); 300 training and 40 validation documents, packed into MLM batches of 4 × 32 tokens
 * with two validation batches. Deterministic.
 */
public final class ToyLanguage {
    /** The vocabulary size. */
    public static final int VOCAB = 40;

    private ToyLanguage() {
    }

    /** @return the toy language's MLM batches on {@code backend} */
    public static PackedMlmData mlmData(ComputeBackend backend) {
        return new PackedMlmData(backend, documents(300, 1), documents(40, 2),
                new PackedMlmData.Vocabulary(VOCAB, 4, new int[] {0, 1, 2, 3, 4}),
                new PackedMlmData.Shape(4, 32, 0.15, 2), "toy");
    }

    private static List<int[]> documents(int n, long seed) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            int a = 5 + r.nextInt(12);
            int b = 5 + r.nextInt(12);
            int[] doc = new int[20];
            doc[0] = 2;
            for (int i = 1; i < 19; i++) {
                doc[i] = i % 2 == 0 ? a : b;
            }
            doc[19] = 3;
            out.add(doc);
        }
        return out;
    }
}
