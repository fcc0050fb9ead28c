package dev.graft.plugins.ki;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.LocalRunContext;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.train.reuse.ToyLanguage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KiReproduceTest {
    @TempDir
    Path dir;

    @Test
    void registeredUnderItsName() {
        List<String> names = ServiceLoader.load(Experiment.class).stream().map(p -> p.get().name()).toList();
        assertTrue(names.contains("ki.reproduce"), names.toString());
    }

    @Test
    void smokeRunComparesKnowledgeInheritanceWithScratchAfterTheSameSweep() throws Exception {
        KiReproduce exp = new KiReproduce();
        try (ReferenceBackend be = new ReferenceBackend()) {
            LocalRunContext ctx = new LocalRunContext(be, 11, dir);
            ParameterValues p = ParameterValues.resolve(exp.parameters(), Map.of("preset", "smoke", "seeds", "2",
                    "learning-rates", "1e-3,3e-3", "ki-fraction", "0.5", "temperature", "1.5"));
            ExperimentResult r = exp.run(ctx, p, ToyLanguage.mlmData(be));
            assertTrue(r.summary().contains("| scratch |") && r.summary().contains("| ki |"), r.summary());
            String report = Files.readString(ctx.artifacts().find("reuse-report.md").orElseThrow());
            assertTrue(report.contains("alpha decays linearly from 1 to 0 over 50 %") && report.contains("1.5"),
                    report);
            assertTrue(report.contains("## Learning-rate sweep") && report.contains("1.0e-03")
                    && report.contains("3.0e-03"), report);
            // both rates ran for both methods on seed 0: the sweep is the same for scratch and KI
            for (String arm : List.of("scratch", "ki")) {
                for (String lr : List.of("0.001", "0.003")) {
                    String metric = "val_loss/" + arm + "-lr" + lr + "-seed0";
                    assertTrue(ctx.logged().stream().anyMatch(m -> m.name().equals(metric)), metric);
                }
            }
        }
    }
}
