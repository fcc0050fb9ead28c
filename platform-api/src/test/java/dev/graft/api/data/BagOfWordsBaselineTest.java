package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BagOfWordsBaselineTest {
    @Test
    void learnsALabelCarriedByOneWordAndIgnoresNoise() {
        SplittableRandom r = new SplittableRandom(4);
        String[] filler = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
        List<ClassificationExample> ex = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String label = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                t.append(filler[r.nextInt(filler.length)]).append(' ');
            }
            t.insert(0, label.toUpperCase(java.util.Locale.ROOT) + "ish ");
            ex.add(new ClassificationExample("e" + i, t.toString(), null, label, "g" + i, Split.of("g" + i)));
        }
        ClassificationTask task = new ClassificationTask("synthetic", List.of("blue", "green", "red"), ex);
        BagOfWordsBaseline.Result res = BagOfWordsBaseline.run(task, BagOfWordsBaseline.Config.DEFAULT);
        assertEquals(1.0, res.testAccuracy(), 1e-9);
        assertEquals(res, BagOfWordsBaseline.run(task, BagOfWordsBaseline.Config.DEFAULT), "deterministic");
    }

    @Test
    void beatsTheMajorityClassOnTheSubsetsNounSupersenses() {
        ClassificationTask t = new DataCatalog(TestBundle.sources(), null).task(Dataset.WN_NOUN_SUPERSENSE);
        BagOfWordsBaseline.Result res = BagOfWordsBaseline.run(t, BagOfWordsBaseline.Config.DEFAULT);
        assertTrue(res.testAccuracy() > t.majorityAccuracy() + 0.15,
                "baseline " + res.testAccuracy() + " vs majority " + t.majorityAccuracy());
    }

    @Test
    void pairTasksUseCharacterGramsOfBothWords() {
        ClassificationExample e = new ClassificationExample("x", "dog", "Cat", "l", "g", Split.TRAIN);
        List<String> terms = BagOfWordsBaseline.terms(e, true);
        assertTrue(terms.containsAll(List.of("h:do", "h:dog", "t:ca", "t:cat", "t:at")));
        assertEquals(3 + 3, terms.size(), "two 2-grams, one 3-gram per 3-letter word");
    }
}
