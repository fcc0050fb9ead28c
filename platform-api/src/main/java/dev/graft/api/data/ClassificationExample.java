package dev.graft.api.data;

import java.util.Objects;

/**
 * One labelled example of a classification task.
 *
 * @param id       unique within its task, stable across builds (e.g. a synset id)
 * @param text     the input text
 * @param textPair the second input of a pair task (e.g. the tail word of {@code wn_relation_type}), else {@code null}
 * @param label    the gold label, one of the task's {@link ClassificationTask#labels()}
 * @param group    the group key that decided the split (synset, headword, file)
 * @param split    the split, {@code Split.of(group)}
 */
public record ClassificationExample(String id, String text, String textPair, String label, String group, Split split) {
    /**
     * @throws NullPointerException if a field other than {@code textPair} is null
     */
    public ClassificationExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(split, "split");
    }
}
