package dev.graft.api.train.reuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.train.BatchSource;
import dev.graft.api.train.MlmBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackedMlmDataTest {
    private static final int V = 50;
    private static final int CLS = 2;
    private static final int SEP = 3;
    private static final int MASK = 4;
    private final ComputeBackend be = new ReferenceBackend();

    /** Documents {@code [CLS] w ... w [SEP]} whose ordinary tokens count up, so every token is unique by value pairs. */
    private static List<int[]> docs(int n, long seed) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            int len = 5 + r.nextInt(20);
            int[] doc = new int[len];
            doc[0] = CLS;
            doc[len - 1] = SEP;
            for (int i = 1; i < len - 1; i++) {
                doc[i] = 5 + r.nextInt(V - 5);
            }
            out.add(doc);
        }
        return out;
    }

    private PackedMlmData data() {
        return new PackedMlmData(be, docs(200, 1), docs(40, 2),
                new PackedMlmData.Vocabulary(V, MASK, new int[] {0, 1, CLS, SEP, MASK}),
                new PackedMlmData.Shape(4, 16, 0.15, 3), "test");
    }

    @Test
    void batchesHaveOneShapeAndPredictOnlyOrdinaryTokensWithBertsCorruption() {
        PackedMlmData d = data();
        BatchSource<MlmBatch> src = d.train(7);
        int masked = 0;
        int random = 0;
        int kept = 0;
        for (int i = 0; i < 300; i++) {
            MlmBatch b = src.batch(i);
            assertArrayEquals(new int[] {4, 16}, b.ids().shape());
            assertArrayEquals(new int[] {4, 2}, b.positions().shape());
            int[] ids = b.ids().toIntArray();
            int[] pos = b.positions().toIntArray();
            int[] tg = b.targets().toIntArray();
            for (int j = 0; j < pos.length; j++) {
                int row = j / 2;
                if (tg[j] < 0) {
                    continue;
                }
                assertTrue(tg[j] >= 5, "special token " + tg[j] + " predicted");
                int in = ids[row * 16 + pos[j]];
                if (in == MASK) {
                    masked++;
                } else if (in == tg[j]) {
                    kept++;
                } else {
                    random++;
                    assertTrue(in >= 5, "random replacement " + in + " is special");
                }
            }
        }
        int n = masked + random + kept;
        assertTrue(n > 2300, "predicted " + n);
        assertEquals(0.8, masked / (double) n, 0.03);
        // a random replacement draws the original token 1 time in 45, counted as kept
        assertEquals(0.1, random / (double) n, 0.02);
        assertEquals(0.1, kept / (double) n, 0.02);
    }

    @Test
    void batchesAreAFunctionOfSeedAndIndexAndEachEpochCoversEverySequenceOnce() {
        PackedMlmData d = data();
        BatchSource<MlmBatch> a = d.train(7);
        BatchSource<MlmBatch> b = data().train(7);
        assertArrayEquals(a.batch(13).ids().toIntArray(), b.batch(13).ids().toIntArray());
        assertArrayEquals(a.batch(13).targets().toIntArray(), b.batch(13).targets().toIntArray());
        assertNotEquals(List.of(a.batch(13).targets().toIntArray()), List.of(d.train(8).batch(13).targets().toIntArray()));
        int perEpoch = d.trainingSequences() / 4;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < perEpoch; i++) {
            MlmBatch x = a.batch(i);
            int[] ids = x.ids().toIntArray();
            int[] pos = x.positions().toIntArray();
            int[] tg = x.targets().toIntArray();
            for (int j = 0; j < pos.length; j++) {
                if (tg[j] >= 0) {
                    ids[(j / 2) * 16 + pos[j]] = tg[j];
                }
            }
            for (int r = 0; r < 4; r++) {
                seen.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(ids, r * 16, r * 16 + 16)));
            }
        }
        assertEquals(perEpoch * 4, seen.size(), "an epoch repeats no sequence");
        assertEquals(3, d.validation().size());
        assertArrayEquals(d.validation().get(2).ids().toIntArray(), data().validation().get(2).ids().toIntArray());
    }
}
