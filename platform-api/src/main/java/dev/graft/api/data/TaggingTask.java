package dev.graft.api.data;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A token-level tagging task (such as part-of-speech tagging): a name, its sorted tag set and its sentences in a
 * fixed order. Every word is one classified example; counts and accuracies are per word.
 *
 * @param name      e.g. {@code brown_pos}
 * @param tags      every tag, sorted; a tag's index in this list is its class id
 * @param sentences every sentence
 */
public record TaggingTask(String name, List<String> tags, List<TaggedSentence> sentences) {
    /**
     * @throws IllegalArgumentException if a word's tag is not in {@code tags}
     */
    public TaggingTask {
        Objects.requireNonNull(name, "name");
        tags = List.copyOf(tags);
        sentences = List.copyOf(sentences);
        Set<String> known = new HashSet<>(tags);
        for (TaggedSentence s : sentences) {
            for (String t : s.tags()) {
                if (!known.contains(t)) {
                    throw new IllegalArgumentException(name + ": sentence " + s.id() + " has tag '" + t
                            + "', which is not among the task's tags");
                }
            }
        }
    }

    /**
     * @param split a split
     * @return the sentences of that split, in task order
     */
    public List<TaggedSentence> sentences(Split split) {
        return sentences.stream().filter(s -> s.split() == split).toList();
    }

    /**
     * @param split a split
     * @return the number of words (tagged tokens) in that split
     */
    public int words(Split split) {
        return sentences(split).stream().mapToInt(s -> s.words().size()).sum();
    }

    /**
     * @return the most frequent tag of the training split (ties: the first in tag order)
     * @throws java.util.NoSuchElementException if the task has no tags
     */
    public String majorityTag() {
        Map<String, Integer> counts = new HashMap<>();
        for (TaggedSentence s : sentences(Split.TRAIN)) {
            s.tags().forEach(t -> counts.merge(t, 1, Integer::sum));
        }
        return Labels.mostFrequent(tags, counts);
    }

    /** @return the share of test words tagged {@link #majorityTag()}, NaN if the test split is empty */
    public double majorityAccuracy() {
        String majority = majorityTag();
        long hit = 0;
        long total = 0;
        for (TaggedSentence s : sentences(Split.TEST)) {
            hit += s.tags().stream().filter(majority::equals).count();
            total += s.tags().size();
        }
        return total == 0 ? Double.NaN : (double) hit / total;
    }
}
