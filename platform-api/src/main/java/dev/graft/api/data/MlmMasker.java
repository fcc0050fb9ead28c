package dev.graft.api.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * BERT's masked-language-model corruption. Of the candidate positions (not special tokens, not protected)
 * {@code round(probability × candidates)} (at least one when there is a candidate) are chosen; each chosen
 * token is replaced by {@code [MASK]} with probability {@code maskRatio}, by a random non-special token with
 * probability {@code randomRatio}, and kept otherwise (BERT: 0.15, 0.8, 0.1). With whole-word masking the
 * unit of choice is a word (all tokens sharing a word index), chosen until the token count is reached.
 * Protected tokens (for instance those overlapping linked entity mentions) are never chosen.
 *
 * <p>Deterministic: the same inputs and generator state give the same output. Immutable; the generator is
 * the caller's.
 *
 * @param probability share of candidate tokens to predict
 * @param maskRatio   share of chosen tokens replaced by the mask token
 * @param randomRatio share of chosen tokens replaced by a random token
 * @param wholeWord   whether to choose whole words
 */
public record MlmMasker(double probability, double maskRatio, double randomRatio, boolean wholeWord) {
    /** BERT's setting: 15 %, then 80/10/10, token-level. */
    public static final MlmMasker BERT = new MlmMasker(0.15, 0.8, 0.1, false);

    /**
     * @throws IllegalArgumentException if a ratio is outside [0, 1] or mask + random ratios exceed 1
     */
    public MlmMasker {
        if (probability < 0 || probability > 1 || maskRatio < 0 || randomRatio < 0 || maskRatio + randomRatio > 1) {
            throw new IllegalArgumentException("MLM masking: probability and ratios must lie in [0, 1] with "
                    + "maskRatio + randomRatio <= 1, got " + probability + ", " + maskRatio + ", " + randomRatio);
        }
    }

    /**
     * One masked sequence.
     *
     * @param inputIds the corrupted ids
     * @param labels   the original id at chosen positions, {@link PaddedBatch#IGNORE} elsewhere
     */
    public record Masked(int[] inputIds, int[] labels) {
    }

    /**
     * @param ids       token ids (not modified)
     * @param wordIds   word index per token (used for whole-word masking; may be {@code null} otherwise)
     * @param protect   tokens never to choose, or {@code null}
     * @param special   the vocabulary's special tokens (never chosen, never drawn as random replacements)
     * @param vocabSize the vocabulary size
     * @param rng       the caller's generator, advanced by this call
     * @return the corrupted sequence and its labels
     * @throws IllegalArgumentException if the arrays differ in length or whole-word masking lacks word ids
     */
    public Masked mask(int[] ids, int[] wordIds, boolean[] protect, SpecialTokens special, int vocabSize,
                       SplittableRandom rng) {
        if ((wordIds != null && wordIds.length != ids.length) || (protect != null && protect.length != ids.length)) {
            throw new IllegalArgumentException("wordIds and protect must have one entry per token (" + ids.length + ")");
        }
        if (wholeWord && wordIds == null) {
            throw new IllegalArgumentException("whole-word masking needs word ids");
        }
        Map<Integer, List<Integer>> units = new LinkedHashMap<>();
        int candidates = 0;
        for (int i = 0; i < ids.length; i++) {
            if (special.isSpecial(ids[i]) || (protect != null && protect[i])) {
                continue;
            }
            candidates++;
            units.computeIfAbsent(wholeWord ? wordIds[i] : i, k -> new ArrayList<>()).add(i);
        }
        if (wholeWord) {
            // A word with any protected or special token is not a unit: masking part of it would leak the rest.
            for (int i = 0; i < ids.length; i++) {
                if (special.isSpecial(ids[i]) || (protect != null && protect[i])) {
                    List<Integer> u = units.remove(wordIds[i]);
                    if (u != null) {
                        candidates -= u.size();
                    }
                }
            }
        }
        int target = candidates == 0 ? 0 : Math.max(1, (int) Math.round(probability * candidates));
        List<List<Integer>> order = new ArrayList<>(units.values());
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            List<Integer> t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        int[] input = ids.clone();
        int[] labels = new int[ids.length];
        java.util.Arrays.fill(labels, PaddedBatch.IGNORE);
        int chosen = 0;
        for (List<Integer> unit : order) {
            if (chosen >= target) {
                break;
            }
            if (chosen + unit.size() > target && chosen > 0) {
                continue;
            }
            for (int i : unit) {
                labels[i] = ids[i];
                double r = rng.nextDouble();
                if (r < maskRatio) {
                    input[i] = special.mask();
                } else if (r < maskRatio + randomRatio) {
                    int t;
                    do {
                        t = rng.nextInt(vocabSize);
                    } while (special.isSpecial(t));
                    input[i] = t;
                }
                chosen++;
            }
        }
        return new Masked(input, labels);
    }
}
