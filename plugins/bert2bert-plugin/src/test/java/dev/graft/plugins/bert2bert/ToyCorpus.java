package dev.graft.plugins.bert2bert;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.train.reuse.PackedMlmData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Documents of a toy language (each alternates two of 12 words) packed into MLM batches of the smoke preset's shape. */
final class ToyCorpus {
    static final int VOCAB = 40;

    private ToyCorpus() {
    }

    static PackedMlmData data(ComputeBackend be) {
        return new PackedMlmData(be, docs(300, 1), docs(40, 2), new PackedMlmData.Vocabulary(VOCAB, 4,
                new int[] {0, 1, 2, 3, 4}), new PackedMlmData.Shape(4, 32, 0.15, 2), "toy");
    }

    private static List<int[]> docs(int n, long seed) {
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
