package dev.graft.api.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A labelled classification task: a name, its sorted label set and its examples in a fixed order
 * (the builder's order, identical on every run).
 *
 * @param name     e.g. {@code wn_noun_supersense}
 * @param labels   every label, sorted; a label's index in this list is its class id
 * @param examples every example
 */
public record ClassificationTask(String name, List<String> labels, List<ClassificationExample> examples) {
    /**
     * @throws IllegalArgumentException if an example's label is not in {@code labels}
     */
    public ClassificationTask {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
        examples = List.copyOf(examples);
        for (ClassificationExample e : examples) {
            if (!labels.contains(e.label())) {
                throw new IllegalArgumentException(name + ": example " + e.id() + " has label '" + e.label()
                        + "', which is not among the task's labels " + labels);
            }
        }
    }

    /**
     * @param split a split
     * @return the examples of that split, in task order
     */
    public List<ClassificationExample> examples(Split split) {
        return examples.stream().filter(e -> e.split() == split).toList();
    }

    /**
     * @param label a label
     * @return its class id
     * @throws IllegalArgumentException if the task has no such label
     */
    public int labelIndex(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no label '" + label + "'; labels: " + labels);
        }
        return i;
    }

    /** @return whether the examples carry a second text ({@link ClassificationExample#textPair()}) */
    public boolean isPairTask() {
        return !examples.isEmpty() && examples.getFirst().textPair() != null;
    }

    /**
     * @return the most frequent label of the training split (ties: the first in label order)
     * @throws java.util.NoSuchElementException if the task has no labels
     */
    public String majorityLabel() {
        Map<String, Integer> counts = new HashMap<>();
        for (ClassificationExample e : examples(Split.TRAIN)) {
            counts.merge(e.label(), 1, Integer::sum);
        }
        return Labels.mostFrequent(labels, counts);
    }

    /** @return the test accuracy of always predicting {@link #majorityLabel()}, NaN if the test split is empty */
    public double majorityAccuracy() {
        List<ClassificationExample> test = examples(Split.TEST);
        if (test.isEmpty()) {
            return Double.NaN;
        }
        String maj = majorityLabel();
        return (double) test.stream().filter(e -> e.label().equals(maj)).count() / test.size();
    }
}
