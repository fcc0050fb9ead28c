package dev.graft.api.data;

import java.util.List;
import java.util.Objects;

/**
 * One sentence of a {@link TaggingTask}: its words and the gold tag of each.
 *
 * @param id    unique within its task, stable across builds (e.g. {@code ca01#3}, file and sentence number)
 * @param words the words, in order
 * @param tags  one tag per word, each among the task's {@link TaggingTask#tags()}
 * @param group the group key that decided the split (for Brown, the file)
 * @param split the split, {@code Split.of(group)}
 */
public record TaggedSentence(String id, List<String> words, List<String> tags, String group, Split split) {
    /**
     * @throws NullPointerException     if a field is null
     * @throws IllegalArgumentException if the sentence is empty or words and tags differ in number
     */
    public TaggedSentence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(split, "split");
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.isEmpty() || words.size() != tags.size()) {
            throw new IllegalArgumentException("sentence " + id + " has " + words.size() + " words and " + tags.size()
                    + " tags; a tagged sentence needs one tag per word and at least one word");
        }
    }
}
