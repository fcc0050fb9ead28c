package dev.graft.api.train;

import dev.graft.api.tensor.FlopCounter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The compute a method spent, by category, counted by the engine's {@link FlopCounter} (every GEMM as
 * {@code 2·m·n·k}, attention as {@code 4·B·H·Tq·Tk·D} forward and twice that backward; elementwise work is not
 * counted). Every "compute saved" figure is a ratio of two ledgers' {@link #training(boolean) totals}, and it
 * states whether the source model's own pre-training is included.
 *
 * <pre>{@code
 * try (var m = ledger.measure(Category.TEACHER_FORWARD)) { teacherLogits = teacher.logits(batch); }
 * try (var m = ledger.measure(Category.STUDENT_FORWARD)) { loss = objective.loss(...).total(); }
 * try (var m = ledger.measure(Category.STUDENT_BACKWARD)) { loss.backward(); }
 * }</pre>
 *
 * <p>Measurements of one ledger do not nest (a nested one would count the same operations twice); the FLOP
 * counter is per thread, so a measurement counts the work of the thread that opened it. Not thread-safe.
 */
public final class ComputeLedger {
    /** What a share of compute was spent on. */
    public enum Category {
        /** The trained model's forward passes in ordinary training steps. */
        STUDENT_FORWARD(true),
        /** Its backward passes. */
        STUDENT_BACKWARD(true),
        /** A frozen teacher's forward passes (Knowledge Inheritance): a real per-step cost. */
        TEACHER_FORWARD(true),
        /** The growth operator itself (element copies and scalings; no matrix products). */
        GROWTH(true),
        /**
         * Whole training steps of a warm-up phase a method runs before its main training (for example
         * bert2BERT's first stage on sub-structures).
         */
        WARMUP(true),
        /** Whole training steps spent recovering the function after growth (ELLE's function-recovering warm-up). */
        RECOVERY(true),
        /** Validation forward passes: reported, never part of a training total. */
        EVALUATION(false),
        /**
         * The pre-training of the source (teacher or grown-from) model. Reused models are usually counted as
         * free; totals say whether it is included.
         */
        SOURCE_PRETRAINING(true);

        private final boolean training;

        Category(boolean training) {
            this.training = training;
        }

        /** @return whether this category is training compute */
        public boolean training() {
            return training;
        }
    }

    /**
     * A snapshot of a ledger.
     *
     * @param flops                   the count of every category (zero included)
     * @param training                training compute without the source's pre-training
     * @param trainingWithSource      training compute including the source's pre-training
     */
    public record Report(Map<Category, Long> flops, long training, long trainingWithSource) {
        public Report {
            flops = Collections.unmodifiableMap(new EnumMap<>(flops));
        }
    }

    /** An open measurement; closing it books the operations counted since it opened. */
    public final class Measurement implements AutoCloseable {
        private final Category category;
        private final FlopCounter counter;
        private boolean closed;

        private Measurement(Category category) {
            this.category = category;
            this.counter = FlopCounter.start();
        }

        /** @return the operations counted so far by this measurement */
        public long count() {
            return counter.count();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                counter.close();
                add(category, counter.count());
                open = null;
            }
        }
    }

    private final EnumMap<Category, Long> flops = new EnumMap<>(Category.class);
    private Measurement open;

    /** An empty ledger. */
    public ComputeLedger() {
        for (Category c : Category.values()) {
            flops.put(c, 0L);
        }
    }

    /** @return a ledger starting from a snapshot's counts (resuming a run) */
    public static ComputeLedger restore(Report report) {
        ComputeLedger l = new ComputeLedger();
        report.flops().forEach(l::add);
        return l;
    }

    /**
     * Starts counting the engine's operations on this thread under a category.
     *
     * @throws IllegalStateException if a measurement of this ledger is already open
     */
    public Measurement measure(Category category) {
        Objects.requireNonNull(category, "category");
        if (open != null) {
            throw new IllegalStateException("cannot measure " + category + " inside the open " + open.category
                    + " measurement of the same ledger: the operations would be counted twice");
        }
        open = new Measurement(category);
        return open;
    }

    /**
     * Books operations counted elsewhere (a growth result's {@code flops()}, a source model's recorded cost).
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public void add(Category category, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a FLOP count cannot be negative, got " + count + " for " + category);
        }
        flops.merge(category, count, Math::addExact);
    }

    /** @return the operations booked under a category */
    public long flops(Category category) {
        return flops.get(category);
    }

    /**
     * @param includeSourcePretraining whether the source model's own pre-training counts
     * @return the training compute: every training category, with or without {@link Category#SOURCE_PRETRAINING}
     */
    public long training(boolean includeSourcePretraining) {
        long sum = 0;
        for (Map.Entry<Category, Long> e : flops.entrySet()) {
            Category c = e.getKey();
            if (c.training() && (includeSourcePretraining || c != Category.SOURCE_PRETRAINING)) {
                sum = Math.addExact(sum, e.getValue());
            }
        }
        return sum;
    }

    /** @return a snapshot of every count and both totals */
    public Report report() {
        return new Report(flops, training(false), training(true));
    }
}
