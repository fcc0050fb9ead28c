package dev.graft.api.data;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standard baseline of a {@link TaggingTask}: each word gets the tag it carries most often in the training
 * split (words compared in lower case; ties go to the first tag in tag order), and a word never seen in training
 * gets the training split's {@linkplain TaggingTask#majorityTag() majority tag}. Deterministic.
 */
public final class MostFrequentTagBaseline {
    /**
     * What the baseline scores.
     *
     * @param vocabulary         distinct training words (lower case)
     * @param devAccuracy        share of development words tagged correctly
     * @param testAccuracy       share of test words tagged correctly
     * @param unknownTestShare   share of test words not seen in training
     * @param unknownTestAccuracy share of those tagged correctly (by the majority tag)
     */
    public record Result(int vocabulary, double devAccuracy, double testAccuracy, double unknownTestShare,
                         double unknownTestAccuracy) {
    }

    private MostFrequentTagBaseline() {
    }

    /**
     * @param task a tagging task
     * @return the baseline's accuracies; NaN for an empty split
     */
    public static Result run(TaggingTask task) {
        Map<String, int[]> counts = new HashMap<>();
        Map<String, Integer> index = new HashMap<>();
        List<String> tags = task.tags();
        for (int i = 0; i < tags.size(); i++) {
            index.put(tags.get(i), i);
        }
        for (TaggedSentence s : task.sentences(Split.TRAIN)) {
            for (int i = 0; i < s.words().size(); i++) {
                counts.computeIfAbsent(key(s.words().get(i)), k -> new int[tags.size()])[index.get(s.tags().get(i))]++;
            }
        }
        Map<String, String> best = new HashMap<>();
        counts.forEach((word, c) -> {
            int b = 0;
            for (int t = 1; t < c.length; t++) {
                if (c[t] > c[b]) {
                    b = t;
                }
            }
            best.put(word, tags.get(b));
        });
        String majority = task.majorityTag();
        double[] dev = score(task.sentences(Split.DEV), best, majority);
        double[] test = score(task.sentences(Split.TEST), best, majority);
        return new Result(best.size(), dev[0], test[0], test[1], test[2]);
    }

    /** @return accuracy, share of unknown words, accuracy on unknown words */
    private static double[] score(List<TaggedSentence> sentences, Map<String, String> best, String majority) {
        long words = 0;
        long hit = 0;
        long unknown = 0;
        long unknownHit = 0;
        for (TaggedSentence s : sentences) {
            for (int i = 0; i < s.words().size(); i++) {
                String predicted = best.get(key(s.words().get(i)));
                boolean known = predicted != null;
                boolean correct = (known ? predicted : majority).equals(s.tags().get(i));
                words++;
                hit += correct ? 1 : 0;
                unknown += known ? 0 : 1;
                unknownHit += !known && correct ? 1 : 0;
            }
        }
        return new double[] {ratio(hit, words), ratio(unknown, words), ratio(unknownHit, unknown)};
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static String key(String word) {
        return word.toLowerCase(Locale.ROOT);
    }
}
