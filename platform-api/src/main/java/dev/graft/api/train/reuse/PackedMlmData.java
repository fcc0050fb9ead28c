package dev.graft.api.train.reuse;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.CounterRng;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.train.BatchSource;
import dev.graft.api.train.KnowledgeInheritance;
import dev.graft.api.train.MlmBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Masked-language-modelling batches from tokenised documents, packed RoBERTa-style: each split's documents are
 * concatenated into one token stream and cut into sequences of exactly {@code length} tokens, so there is no
 * padding and every batch has the same shape (and every step the same cost).
 *
 * <p><b>Masking</b> (BERT's): in each sequence, {@code round(maskFraction · length)} positions are predicted,
 * drawn uniformly among positions that do not hold a special token; of those, 80 % become the mask token, 10 % a
 * random ordinary token and 10 % stay as they are. A sequence with fewer maskable positions predicts them all and
 * fills the rest of its slots with the ignore index.
 *
 * <p><b>Order.</b> Training batch {@code i} of seed {@code s} is sequences {@code i·B .. i·B + B − 1} of an endless
 * stream of epochs, each a permutation of the training sequences drawn from {@code (s, epoch)}; its masks are
 * drawn from {@code (s, i)}. Validation batches are masked once, with a fixed seed. Everything is a function of
 * its inputs: the same documents, shapes and seed give the same batches. Immutable; thread-safe.
 */
public final class PackedMlmData implements ReuseData {
    /**
     * The shape of every batch and the masking.
     *
     * @param batch          sequences per batch
     * @param length         tokens per sequence
     * @param maskFraction   the fraction of positions predicted (BERT: 0.15)
     * @param validationBatches how many batches of the validation split to keep (at most what it holds)
     */
    public record Shape(int batch, int length, double maskFraction, int validationBatches) {
        public Shape {
            if (batch < 1 || length < 2 || validationBatches < 1 || !(maskFraction > 0 && maskFraction < 1)) {
                throw new IllegalArgumentException("batch >= 1, length >= 2, validationBatches >= 1 and maskFraction"
                        + " in (0, 1) are required, got " + batch + ", " + length + ", " + validationBatches + ", "
                        + maskFraction);
            }
        }

        /** @return predicted positions per sequence */
        public int masked() {
            return Math.max(1, (int) Math.round(maskFraction * length));
        }
    }

    /**
     * The vocabulary's special ids.
     *
     * @param mask     the mask token
     * @param specials every special token (never chosen for prediction or as a random replacement)
     */
    public record Vocabulary(int size, int mask, int[] specials) {
        public Vocabulary {
            specials = specials.clone();
            for (int s : specials) {
                if (s < 0 || s >= size) {
                    throw new IllegalArgumentException("special id " + s + " outside the vocabulary of " + size);
                }
            }
            if (mask < 0 || mask >= size || specials.length >= size) {
                throw new IllegalArgumentException("mask id " + mask + " outside the vocabulary of " + size
                        + ", or no ordinary token left");
            }
        }
    }

    private static final long VALIDATION_SEED = 0x5EED_0F_FA11L;
    private final ComputeBackend backend;
    private final int[][] train;
    private final int[][] validationSequences;
    private final Vocabulary vocab;
    private final Shape shape;
    private final BitSet special = new BitSet();
    private final int[] ordinary;
    private final String fingerprint;
    private final List<MlmBatch> validation;

    /**
     * @param backend          where batches are created
     * @param trainDocs        the training split, each document's token ids
     * @param validationDocs   the validation split
     * @param vocab            the vocabulary's size and special ids
     * @param shape            batch shape and masking
     * @param sourceDescription what the documents are (corpus, tokenizer), part of the fingerprint
     * @throws IllegalArgumentException if a split packs into fewer sequences than one batch, or an id is outside
     *                                  the vocabulary
     */
    public PackedMlmData(ComputeBackend backend, List<int[]> trainDocs, List<int[]> validationDocs, Vocabulary vocab,
                         Shape shape, String sourceDescription) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.vocab = Objects.requireNonNull(vocab, "vocab");
        this.shape = Objects.requireNonNull(shape, "shape");
        for (int s : vocab.specials()) {
            special.set(s);
        }
        special.set(vocab.mask());
        int[] ord = new int[vocab.size() - special.cardinality()];
        for (int id = 0, j = 0; id < vocab.size(); id++) {
            if (!special.get(id)) {
                ord[j++] = id;
            }
        }
        this.ordinary = ord;
        this.train = pack(trainDocs, "training");
        this.validationSequences = pack(validationDocs, "validation");
        if (train.length < shape.batch() || validationSequences.length < shape.batch()) {
            throw new IllegalArgumentException("the splits pack into " + train.length + " training and "
                    + validationSequences.length + " validation sequences of " + shape.length()
                    + " tokens; a batch needs " + shape.batch());
        }
        this.fingerprint = Integer.toHexString(Arrays.deepHashCode(train)) + "-"
                + Integer.toHexString(Arrays.deepHashCode(validationSequences)) + "-" + shape + "-vocab" + vocab.size()
                + "-mask" + vocab.mask() + "-" + Arrays.toString(vocab.specials()) + "-" + sourceDescription;
        int nVal = Math.min(shape.validationBatches(), validationSequences.length / shape.batch());
        List<MlmBatch> v = new ArrayList<>();
        for (int i = 0; i < nVal; i++) {
            int[] rows = new int[shape.batch()];
            for (int b = 0; b < rows.length; b++) {
                rows[b] = i * shape.batch() + b;
            }
            v.add(batch(validationSequences, rows, VALIDATION_SEED, i));
        }
        this.validation = List.copyOf(v);
    }

    private int[][] pack(List<int[]> docs, String split) {
        long total = 0;
        for (int[] d : docs) {
            for (int id : d) {
                if (id < 0 || id >= vocab.size()) {
                    throw new IllegalArgumentException("the " + split + " split holds token id " + id
                            + ", outside the vocabulary of " + vocab.size());
                }
            }
            total += d.length;
        }
        int n = (int) (total / shape.length());
        int[][] out = new int[n][shape.length()];
        int seq = 0;
        int pos = 0;
        for (int[] d : docs) {
            for (int id : d) {
                if (seq == n) {
                    return out;
                }
                out[seq][pos++] = id;
                if (pos == shape.length()) {
                    pos = 0;
                    seq++;
                }
            }
        }
        return out;
    }

    /** @return training sequences (one epoch is this many divided by the batch size, rounded down, batches) */
    public int trainingSequences() {
        return train.length;
    }

    /** @return the batch shape */
    public Shape shape() {
        return shape;
    }

    @Override
    public BatchSource<MlmBatch> train(long seed) {
        int perEpoch = train.length / shape.batch();
        return index -> {
            long epoch = index / perEpoch;
            int within = (int) (index % perEpoch);
            int[] perm = permutation(train.length, CounterRng.bits(seed, epoch));
            int[] rows = Arrays.copyOfRange(perm, within * shape.batch(), (within + 1) * shape.batch());
            return batch(train, rows, seed ^ 0x9E3779B97F4A7C15L, index);
        };
    }

    @Override
    public List<MlmBatch> validation() {
        return validation;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    private static int[] permutation(int n, long key) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(CounterRng.bits(key, i), i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private MlmBatch batch(int[][] sequences, int[] rows, long seed, long index) {
        int b = rows.length;
        int t = shape.length();
        int m = shape.masked();
        int[] ids = new int[b * t];
        int[] pos = new int[b * m];
        int[] tg = new int[b * m];
        long c = index * 0x1_0000_0000L;
        for (int r = 0; r < b; r++) {
            int[] seq = sequences[rows[r]];
            System.arraycopy(seq, 0, ids, r * t, t);
            int[] cand = new int[t];
            int nc = 0;
            for (int i = 0; i < t; i++) {
                if (!special.get(seq[i])) {
                    cand[nc++] = i;
                }
            }
            int take = Math.min(m, nc);
            for (int j = 0; j < take; j++) {
                int k = j + (int) Long.remainderUnsigned(CounterRng.bits(seed, c++), nc - j);
                int x = cand[j];
                cand[j] = cand[k];
                cand[k] = x;
            }
            Arrays.sort(cand, 0, take);
            for (int j = 0; j < m; j++) {
                if (j < take) {
                    int p = cand[j];
                    pos[r * m + j] = p;
                    tg[r * m + j] = seq[p];
                    float u = CounterRng.uniform(seed, c++);
                    if (u < 0.8f) {
                        ids[r * t + p] = vocab.mask();
                    } else if (u < 0.9f) {
                        ids[r * t + p] = ordinary[(int) Long.remainderUnsigned(CounterRng.bits(seed, c++),
                                ordinary.length)];
                    }
                } else {
                    pos[r * m + j] = take > 0 ? cand[0] : 0;
                    tg[r * m + j] = KnowledgeInheritance.IGNORE_INDEX;
                }
            }
        }
        return new MlmBatch(Tensor.ofInts(backend, ids, b, t), null, Tensor.ofInts(backend, pos, b, m),
                Tensor.ofInts(backend, tg, b * m));
    }
}
