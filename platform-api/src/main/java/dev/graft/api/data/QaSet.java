package dev.graft.api.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A QA set: a name, one format, and its examples in a fixed order (identical on every run).
 *
 * @param name     e.g. {@code wn_isa_yesno}
 * @param format   the format of every example
 * @param examples the examples
 */
public record QaSet(String name, QaFormat format, List<QaExample> examples) {
    /**
     * @throws IllegalArgumentException if an example's record type does not match the format
     */
    public QaSet {
        examples = List.copyOf(examples);
        for (QaExample e : examples) {
            boolean ok = switch (format) {
                case EXTRACTIVE -> e instanceof QaExample.Extractive;
                case MULTIPLE_CHOICE -> e instanceof QaExample.MultipleChoice;
                case YES_NO -> e instanceof QaExample.YesNo;
            };
            if (!ok) {
                throw new IllegalArgumentException(name + ": example " + e.id() + " is not of format " + format.label());
            }
        }
    }

    /**
     * @param split a split
     * @return its examples, in set order
     */
    public List<QaExample> examples(Split split) {
        return examples.stream().filter(e -> e.split() == split).toList();
    }

    /**
     * @return the number of answer classes: 2 for yes/no, the option count for multiple choice (the largest,
     *     if they differ), 0 for extractive sets
     */
    public int classes() {
        return switch (format) {
            case EXTRACTIVE -> 0;
            case YES_NO -> 2;
            case MULTIPLE_CHOICE -> examples.stream().mapToInt(e -> ((QaExample.MultipleChoice) e).options().size())
                    .max().orElse(0);
        };
    }

    /**
     * The test accuracy of always giving the training split's most frequent answer class: {@code yes} or
     * {@code no}, or the most frequent correct option position.
     *
     * @return that accuracy; NaN for extractive sets and empty splits
     */
    public double majorityAccuracy() {
        if (format == QaFormat.EXTRACTIVE) {
            return Double.NaN;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (QaExample e : examples(Split.TRAIN)) {
            counts.merge(answerClass(e), 1, Integer::sum);
        }
        int best = 0;
        for (int c = 0; c < Math.max(2, classes()); c++) {
            if (counts.getOrDefault(c, 0) > counts.getOrDefault(best, 0)) {
                best = c;
            }
        }
        List<QaExample> test = examples(Split.TEST);
        if (test.isEmpty()) {
            return Double.NaN;
        }
        int hit = 0;
        for (QaExample e : test) {
            if (answerClass(e) == best) {
                hit++;
            }
        }
        return (double) hit / test.size();
    }

    private static int answerClass(QaExample e) {
        return switch (e) {
            case QaExample.YesNo y -> y.answer() ? 1 : 0;
            case QaExample.MultipleChoice m -> m.label();
            case QaExample.Extractive x -> 0;
        };
    }
}
