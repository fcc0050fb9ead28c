package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tagging tasks and the most-frequent-tag baseline, on small tasks whose answers are worked out by hand. */
class TaggingTaskTest {
    /** Finds a group key that hashes to the split, so each sentence lands where the test needs it. */
    private static String groupIn(Split split, int n) {
        int found = 0;
        for (int i = 0; ; i++) {
            String key = "f" + i;
            if (Split.of(key) == split && found++ == n) {
                return key;
            }
        }
    }

    private static TaggedSentence sentence(Split split, int n, String text) {
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String token : text.split(" ")) {
            words.add(token.substring(0, token.indexOf('/')));
            tags.add(token.substring(token.indexOf('/') + 1));
        }
        String group = groupIn(split, n);
        return new TaggedSentence(group + "#1", words, tags, group, split);
    }

    private static TaggingTask task() {
        return new TaggingTask("toy", List.of("at", "nn", "vb"), List.of(
                sentence(Split.TRAIN, 0, "the/at dog/nn runs/vb"),
                sentence(Split.TRAIN, 1, "The/at run/nn"),
                sentence(Split.TRAIN, 2, "run/vb dog/nn run/vb"),
                sentence(Split.DEV, 0, "dogs/nn run/vb"),
                sentence(Split.TEST, 0, "The/at cat/nn runs/vb"),
                sentence(Split.TEST, 1, "Run/nn")));
    }

    @Test
    void countsAndTheMajorityTagArePerWord() {
        TaggingTask t = task();
        assertEquals(8, t.words(Split.TRAIN));
        assertEquals(2, t.words(Split.DEV));
        assertEquals(4, t.words(Split.TEST));
        // train: at 2, nn 3, vb 3 -> a tie between nn and vb goes to nn, the first in tag order
        assertEquals("nn", t.majorityTag());
        // test tags: at nn vb nn -> 2 of 4 are nn
        assertEquals(0.5, t.majorityAccuracy(), 1e-12);
    }

    @Test
    void mostFrequentTagBaselineUsesLowerCaseWordsAndTheMajorityTagForUnseenOnes() {
        MostFrequentTagBaseline.Result r = MostFrequentTagBaseline.run(task());
        // train words (lower case): the->at, dog->nn, runs->vb, run->{nn 1, vb 2}->vb
        assertEquals(4, r.vocabulary());
        // dev: dogs (unseen -> nn, right), run -> vb (right)
        assertEquals(1.0, r.devAccuracy(), 1e-12);
        // test: The -> at (right), cat (unseen -> nn, right), runs -> vb (right), Run -> vb (gold nn, wrong)
        assertEquals(0.75, r.testAccuracy(), 1e-12);
        assertEquals(0.25, r.unknownTestShare(), 1e-12);
        assertEquals(1.0, r.unknownTestAccuracy(), 1e-12);
    }

    @Test
    void malformedSentencesAndUnknownTagsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new TaggedSentence("s", List.of("a", "b"), List.of("at"), "g", Split.TRAIN));
        assertThrows(IllegalArgumentException.class, () -> new TaggedSentence("s", List.of(), List.of(), "g", Split.TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaggingTask("toy",
                List.of("nn"), List.of(new TaggedSentence("s#1", List.of("a"), List.of("at"), "g", Split.TRAIN))));
        assertTrue(e.getMessage().contains("sentence s#1 has tag 'at'"), e.getMessage());
        assertTrue(Double.isNaN(new TaggingTask("empty", List.of("nn"), List.of()).majorityAccuracy()));
    }
}
