package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchingTest {
    private static final SpecialTokens SPECIAL = new SpecialTokens(0, 1, 2, 3, 4, 5, 6);

    @Test
    void tokenBatchesCoverEveryIndexOnceWithinBudget() {
        SplittableRandom r = new SplittableRandom(1);
        int[] lengths = new int[500];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 1 + r.nextInt(120);
        }
        lengths[7] = 700;
        List<int[]> batches = TokenBatcher.batches(lengths, 512, new SplittableRandom(5));
        Set<Integer> seen = new HashSet<>();
        for (int[] b : batches) {
            int longest = Arrays.stream(b).map(i -> lengths[i]).max().getAsInt();
            assertTrue(b.length == 1 || longest * b.length <= 512, "budget: " + b.length + " x " + longest);
            for (int i : b) {
                assertTrue(seen.add(i), "index twice: " + i);
            }
        }
        assertEquals(lengths.length, seen.size());
        List<int[]> again = TokenBatcher.batches(lengths, 512, new SplittableRandom(5));
        assertEquals(batches.size(), again.size());
        for (int i = 0; i < batches.size(); i++) {
            assertArrayEquals(batches.get(i), again.get(i));
        }
    }

    @Test
    void dynamicPaddingPadsToTheLongestRow() {
        PaddedBatch b = PaddedBatch.pad(List.of(new int[] {7, 8, 9}, new int[] {10}), List.of(new int[] {1, 2, 3},
                new int[] {4}), 0, 1);
        assertArrayEquals(new int[][] {{7, 8, 9}, {10, 0, 0}}, b.inputIds());
        assertArrayEquals(new int[][] {{1, 1, 1}, {1, 0, 0}}, b.attentionMask());
        assertArrayEquals(new int[][] {{1, 2, 3}, {4, PaddedBatch.IGNORE, PaddedBatch.IGNORE}}, b.labels());
        assertEquals(8, PaddedBatch.pad(List.of(new int[] {1, 2, 3}), null, 0, 8).width());
    }

    private static int[] sequence(int n) {
        int[] ids = new int[n];
        ids[0] = SPECIAL.cls();
        for (int i = 1; i < n - 1; i++) {
            ids[i] = 7 + (i % 50);
        }
        ids[n - 1] = SPECIAL.sep();
        return ids;
    }

    @Test
    void mlmMasksFifteenPercentWithEightyTenTen() {
        int[] ids = sequence(202);
        SplittableRandom rng = new SplittableRandom(3);
        int chosen = 0;
        int masked = 0;
        int kept = 0;
        int random = 0;
        for (int trial = 0; trial < 2000; trial++) {
            MlmMasker.Masked m = MlmMasker.BERT.mask(ids, null, null, SPECIAL, 1000, rng);
            int c = 0;
            for (int i = 0; i < ids.length; i++) {
                if (m.labels()[i] == PaddedBatch.IGNORE) {
                    assertEquals(ids[i], m.inputIds()[i]);
                    continue;
                }
                c++;
                assertEquals(ids[i], m.labels()[i]);
                assertFalse(SPECIAL.isSpecial(ids[i]), "special tokens are never chosen");
                if (m.inputIds()[i] == SPECIAL.mask()) {
                    masked++;
                } else if (m.inputIds()[i] == ids[i]) {
                    kept++;
                } else {
                    random++;
                    assertFalse(SPECIAL.isSpecial(m.inputIds()[i]));
                }
            }
            assertEquals(30, c, "round(0.15 x 200 candidates)");
            chosen += c;
        }
        // 60,000 draws: binomial standard deviations are 0.16 % (mask) and 0.12 % (random, keep); a random
        // replacement equals the original with probability 1/993, which moves 0.01 % from random to keep.
        assertEquals(0.8, (double) masked / chosen, 0.008);
        assertEquals(0.1, (double) random / chosen, 0.006);
        assertEquals(0.1, (double) kept / chosen, 0.006);
    }

    @Test
    void wholeWordMaskingTakesWordsWholeAndNeverTouchesProtectedTokens() {
        int n = 120;
        int[] ids = sequence(n);
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = i / 3;
        }
        boolean[] protect = new boolean[n];
        for (int i = 30; i < 60; i++) {
            protect[i] = true;
        }
        MlmMasker wwm = new MlmMasker(0.15, 0.8, 0.1, true);
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            MlmMasker.Masked m = wwm.mask(ids, words, protect, SPECIAL, 1000, rng);
            for (int w = 0; w < n / 3; w++) {
                boolean any = false;
                boolean all = true;
                for (int i = 3 * w; i < 3 * w + 3; i++) {
                    boolean c = m.labels()[i] != PaddedBatch.IGNORE;
                    any |= c;
                    all &= c;
                }
                assertEquals(any, all, "word " + w + " is chosen whole or not at all");
            }
            for (int i = 30; i < 60; i++) {
                assertEquals(PaddedBatch.IGNORE, m.labels()[i]);
                assertEquals(ids[i], m.inputIds()[i]);
            }
        }
    }

    @Test
    void entityMentionsMapToTheTokensTheyOverlap() {
        WordLevelEncoder enc = new WordLevelEncoder(List.of("the", "red", "fox", "ran"));
        Encoding e = enc.encode("The red fox ran");
        boolean[] p = e.overlapping(List.of(new LinkedDocument.Mention(4, 11, "x", "red fox")));
        assertArrayEquals(new boolean[] {false, true, true, false}, p);
    }

    @Test
    void causalPackingCutsTheDocumentStreamIntoFullBlocks() {
        List<int[]> docs = List.of(new int[] {10, 11, 12}, new int[] {13}, new int[] {14, 15, 16, 17, 18});
        List<int[]> blocks = CausalLmPacker.pack(docs, 4, 6);
        // Stream: 10 11 12 6 13 6 14 15 16 17 18 6 -> three blocks of four.
        assertEquals(3, blocks.size());
        assertArrayEquals(new int[] {10, 11, 12, 6}, blocks.get(0));
        assertArrayEquals(new int[] {13, 6, 14, 15}, blocks.get(1));
        assertArrayEquals(new int[] {16, 17, 18, 6}, blocks.get(2));
        assertEquals(2, CausalLmPacker.pack(docs, 5, 6).size(), "12 tokens make two blocks of 5, the rest is dropped");
    }

    @Test
    void spanCorruptionIsInvertibleAndCorruptsFifteenPercent() {
        int[] sentinels = new int[100];
        for (int i = 0; i < sentinels.length; i++) {
            sentinels[i] = 999 - i;
        }
        SpanCorruptor t5 = new SpanCorruptor(0.15, 3.0, sentinels, 1);
        SplittableRandom rng = new SplittableRandom(2);
        for (int len : new int[] {2, 5, 20, 100, 512}) {
            int[] ids = new int[len];
            for (int i = 0; i < len; i++) {
                ids[i] = 10 + i;
            }
            SpanCorruptor.Corrupted c = t5.corrupt(ids, rng);
            assertEquals(1, c.inputIds()[c.inputIds().length - 1]);
            assertEquals(1, c.targetIds()[c.targetIds().length - 1]);
            int expectedNoise = Math.min(Math.max((int) Math.round(len * 0.15), 1), len - 1);
            int spans = 0;
            int noise = 0;
            for (int i = 0; i < c.targetIds().length - 1; i++) {
                if (c.targetIds()[i] > 900) {
                    assertEquals(sentinels[spans], c.targetIds()[i], "sentinels in order");
                    spans++;
                } else {
                    noise++;
                }
            }
            assertEquals(expectedNoise, noise, "noise tokens for length " + len);
            assertEquals(Math.min(Math.max(1, (int) Math.round(expectedNoise / 3.0)), Math.min(expectedNoise, len - expectedNoise)),
                    spans, "spans for length " + len);
            assertArrayEquals(ids, reconstruct(c, sentinels), "length " + len);
        }
    }

    /** Puts each target span back in place of its sentinel in the input. */
    private static int[] reconstruct(SpanCorruptor.Corrupted c, int[] sentinels) {
        List<List<Integer>> spans = new ArrayList<>();
        for (int i = 0; i < c.targetIds().length - 1; i++) {
            int t = c.targetIds()[i];
            if (t > 900) {
                spans.add(new ArrayList<>());
            } else {
                spans.getLast().add(t);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < c.inputIds().length - 1; i++) {
            int t = c.inputIds()[i];
            if (t > 900) {
                out.addAll(spans.get(999 - t));
            } else {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void wordLevelEncoderKeepsOffsetsAndMapsUnknownWords() {
        WordLevelEncoder enc = WordLevelEncoder.fit(List.of("the cat sat", "the dog sat", "the cat ran"), 3, 1);
        assertEquals(7 + 3, enc.vocabSize());
        assertEquals("the", enc.token(7));
        Encoding e = enc.encode("The cat, sat!");
        assertArrayEquals(new int[] {0, 4, 7, 9, 12}, e.starts());
        assertEquals(enc.specialTokens().unk(), e.ids()[2], "',' is outside the vocabulary");
        assertEquals("cat", enc.token(e.ids()[1]));
    }
}
