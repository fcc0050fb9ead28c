package dev.graft.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.LocalRunContext;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.tensor.ReferenceBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineFitExperimentTest {
    @TempDir
    Path dir;

    private static double value(ExperimentResult r, String name) {
        return r.headline().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void gradientDescentConvergesToTheClosedFormFit() throws Exception {
        var exp = new LineFitExperiment();
        try (var backend = new ReferenceBackend()) {
            var ctx = new LocalRunContext(backend, 7, dir);
            ExperimentResult r = exp.run(ctx, ParameterValues.resolve(exp.parameters(), Map.of("steps", "2000")));
            assertEquals(value(r, "ols_a"), value(r, "a"), 1e-9);
            assertEquals(value(r, "ols_b"), value(r, "b"), 1e-9);
            // The data come from y = 2x + 0.5 with noise 0.1: the fit lands near the true line.
            assertEquals(2.0, value(r, "a"), 0.1);
            assertEquals(0.5, value(r, "b"), 0.1);
            assertEquals(2000, ctx.logged().size());
        }
    }

    @Test
    void closedFormRecoversAnExactLine() {
        double[] x = {-1, 0, 1, 3};
        double[] y = {-2, 1, 4, 10};
        double[] ols = LineFitExperiment.leastSquares(x, y);
        assertEquals(3.0, ols[0], 1e-12);
        assertEquals(1.0, ols[1], 1e-12);
    }

    @Test
    void resumedRunEndsWithTheSameBitsAsAnUninterruptedOne() throws Exception {
        var exp = new LineFitExperiment();
        try (var backend = new ReferenceBackend()) {
            var full = new LocalRunContext(backend, 3, dir.resolve("full"));
            ExperimentResult whole = exp.run(full, ParameterValues.resolve(exp.parameters(),
                    Map.of("steps", "120", "checkpoint-every", "10")));

            var first = new LocalRunContext(backend, 3, dir.resolve("split"));
            var half = ParameterValues.resolve(exp.parameters(), Map.of("steps", "55", "checkpoint-every", "10"));
            exp.run(first, half);
            assertEquals(55, first.artifacts().latestCheckpoint().orElseThrow().step());
            var second = new LocalRunContext(backend, 3, dir.resolve("split"));
            ExperimentResult resumed = exp.run(second, ParameterValues.resolve(exp.parameters(),
                    Map.of("steps", "120", "checkpoint-every", "10")));
            assertEquals(value(whole, "a"), value(resumed, "a"), 0.0);
            assertEquals(value(whole, "b"), value(resumed, "b"), 0.0);
            assertEquals(120 - 55, second.logged().size());
            assertTrue(second.logged().getFirst().step() == 56);
        }
    }
}
