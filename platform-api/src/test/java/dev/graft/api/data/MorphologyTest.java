package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MorphologyTest {
    private final Morphology m = new Morphology(Map.of("v run", Set.of("ran"), "n mouse", Set.of("mice"),
            "a good", Set.of("better", "best")));

    @Test
    void nounsInflectTheirLastWordByMorphyRules() {
        assertTrue(m.forms("church", 'n').containsAll(Set.of("church", "churches")));
        assertTrue(m.forms("fly", 'n').contains("flies"));
        assertTrue(m.forms("box", 'n').contains("boxes"));
        assertTrue(m.forms("fireman", 'n').contains("firemen"));
        assertTrue(m.forms("sea lion", 'n').contains("sea lions"));
        assertTrue(m.forms("mouse", 'n').contains("mice"));
        assertFalse(m.forms("sea lion", 'n').contains("seas lion"));
    }

    @Test
    void verbsInflectTheirFirstWord() {
        assertTrue(m.forms("look up", 'v').containsAll(Set.of("looks up", "looked up", "looking up")));
        assertTrue(m.forms("bake", 'v').containsAll(Set.of("baked", "baking", "bakes")));
        assertTrue(m.forms("run", 'v').contains("ran"));
        assertTrue(m.forms("try", 'v').contains("tries"));
    }

    @Test
    void adjectivesGetComparativesAndIrregulars() {
        assertTrue(m.forms("tall", 'a').containsAll(Set.of("taller", "tallest")));
        assertTrue(m.forms("good", 's').containsAll(Set.of("better", "best")));
        assertEquals(Set.of("well known"), m.forms("well known", 'a'));
    }

    @Test
    void findIsCaseSensitiveWholeWordEarliestThenLongest() {
        assertEquals(Optional.of(new Morphology.Span(4, 11)), m.find("the flowers of a flower", List.of("flower"), 'n'));
        assertTrue(m.find("Flowers bloom", List.of("flower"), 'n').isEmpty());
        assertTrue(m.find("sunflowers", List.of("flower"), 'n').isEmpty());
        assertTrue(m.find("well-run shop", List.of("run"), 'v').isEmpty());
        assertEquals(Optional.of(new Morphology.Span(4, 13)), m.find("the sea lions", List.of("sea", "sea lion"), 'n'));
        assertEquals(Optional.of(new Morphology.Span(3, 6)), m.find("he ran home", List.of("run"), 'v'));
    }

    @Test
    void basesInvertForms() {
        assertTrue(m.bases("churches").contains(new Morphology.Base("church", 'n')));
        assertTrue(m.bases("looked up").contains(new Morphology.Base("look up", 'v')));
        assertTrue(m.bases("mice").contains(new Morphology.Base("mouse", 'n')));
        assertTrue(m.bases("sea lions").contains(new Morphology.Base("sea lion", 'n')));
        for (String lemma : List.of("box", "church", "fly", "fireman", "bake", "try")) {
            for (char pos : new char[] {'n', 'v'}) {
                for (String f : m.forms(lemma, pos)) {
                    assertTrue(m.bases(f).contains(new Morphology.Base(lemma, pos)), f + " -> " + lemma + "/" + pos);
                }
            }
        }
    }
}
