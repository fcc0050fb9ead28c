package dev.graft.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterTest {
    static final Parameter<Integer> STEPS = Parameter.integer("steps", 100, "steps").atLeast(1);
    static final Parameter<Double> LR = Parameter.real("lr", 1e-3, "learning rate").between(0, 1);
    static final Parameter<Long> TOKENS = Parameter.longInteger("tokens", 5_000_000_000L, "token budget");
    static final Parameter<Boolean> FP = Parameter.flag("function-preserving", true, "keep the function");
    static final Parameter<String> SCHED = Parameter.choice("schedule", "cosine", "schedule", "constant", "cosine");
    static final Parameter<String> NOTE = Parameter.text("note", "", "free text");

    @Test
    void parsesEachKindAndKeepsDefaults() {
        ParameterValues v = ParameterValues.resolve(List.of(STEPS, LR, TOKENS, FP, SCHED, NOTE),
                Map.of("steps", " 250 ", "lr", "0.5", "tokens", "6000000000", "function-preserving", "FALSE", "note", " a b "));
        assertEquals(250, v.get(STEPS));
        assertEquals(0.5, v.get(LR));
        assertEquals(6_000_000_000L, v.get(TOKENS));
        assertEquals(false, v.get(FP));
        assertEquals("cosine", v.get(SCHED));
        assertEquals(" a b ", v.get(NOTE), "text is kept as given");
        Map<String, String> text = new LinkedHashMap<>();
        text.put("steps", "250");
        text.put("lr", "0.5");
        text.put("tokens", "6000000000");
        text.put("function-preserving", "false");
        text.put("schedule", "cosine");
        text.put("note", " a b ");
        assertEquals(text, v.asText());
        assertEquals(v.asMap(), ParameterValues.resolve(List.of(STEPS, LR, TOKENS, FP, SCHED, NOTE), v.asText()).asMap(),
                "the recorded text reads back to the same values");
    }

    @Test
    void errorsNameTheParameterAndTheAcceptedValues() {
        List<Parameter<?>> ps = List.of(STEPS, LR, FP, SCHED);
        assertEquals("parameter 'steps': expected integer >= 1, got '0'",
                assertThrows(IllegalArgumentException.class, () -> ParameterValues.resolve(ps, Map.of("steps", "0"))).getMessage());
        assertEquals("parameter 'lr': expected number >= 0 and <= 1, got 'NaN'",
                assertThrows(IllegalArgumentException.class, () -> ParameterValues.resolve(ps, Map.of("lr", "NaN"))).getMessage());
        assertEquals("parameter 'function-preserving': expected true or false, got 'yes'",
                assertThrows(IllegalArgumentException.class, () -> ParameterValues.resolve(ps, Map.of("function-preserving", "yes"))).getMessage());
        assertEquals("parameter 'schedule': expected one of constant, cosine, got 'linear'",
                assertThrows(IllegalArgumentException.class, () -> ParameterValues.resolve(ps, Map.of("schedule", "linear"))).getMessage());
        assertEquals("unknown parameter 'step'; known: steps, lr, function-preserving, schedule",
                assertThrows(IllegalArgumentException.class, () -> ParameterValues.resolve(ps, Map.of("step", "3"))).getMessage());
    }

    @Test
    void declarationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Parameter.integer("Steps", 1, "bad name"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.integer("steps", 0, "default out of range").atLeast(1));
        assertThrows(IllegalStateException.class, () -> Parameter.text("t", "", "").atLeast(1));
        assertThrows(IllegalArgumentException.class, () -> Parameter.choice("c", "x", "default not a choice", "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.defaults(List.of(STEPS, STEPS)));
        Parameter<Integer> undeclared = Parameter.integer("other", 1, "");
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.defaults(List.of(STEPS)).get(undeclared));
        assertEquals(3, STEPS.cast(3));
        assertThrows(IllegalArgumentException.class, () -> STEPS.cast(3L));
    }

    @Test
    void spiIdsAreStableAndLookupListsTheKnownOnes() {
        assertEquals(Spi.ANALYZER, Spi.byId("analyzer"));
        assertEquals(Experiment.class, Spi.byId("experiment").type());
        assertEquals(List.of("experiment", "tuning", "transfer", "analyzer", "model-family", "growth"),
                java.util.Arrays.stream(Spi.values()).map(Spi::id).toList());
        for (Spi s : Spi.values()) {
            assertEquals(3, s.version().split("\\.").length, s + " has a semantic version");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spi.byId("optimizer"));
        assertEquals("unknown SPI 'optimizer'; known: experiment, tuning, transfer, analyzer, model-family, growth", e.getMessage());
    }
}
