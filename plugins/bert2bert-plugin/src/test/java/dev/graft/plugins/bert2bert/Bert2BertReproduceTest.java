package dev.graft.plugins.bert2bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class Bert2BertReproduceTest {
    @TempDir
    Path dir;

    @Test
    void registeredUnderItsName() {
        List<String> names = ServiceLoader.load(Experiment.class).stream().map(p -> p.get().name()).toList();
        assertTrue(names.contains("bert2bert.reproduce"), names.toString());
    }

    @Test
    void smokeRunReportsBothOperatorsAgainstScratchOverTwoSeeds() throws Exception {
        Bert2BertReproduce exp = new Bert2BertReproduce();
        try (ReferenceBackend be = new ReferenceBackend()) {
            LocalRunContext ctx = new LocalRunContext(be, 11, dir);
            ParameterValues p = ParameterValues.resolve(exp.parameters(), Map.of("preset", "smoke", "seeds", "2",
                    "learning-rates", "2e-3", "first-stage", "0.25"));
            ExperimentResult r = exp.run(ctx, p, ToyLanguage.mlmData(be));
            assertTrue(r.summary().contains("| scratch |") && r.summary().contains("| bert2bert-fpi |")
                    && r.summary().contains("| bert2bert-aki |"), r.summary());
            assertTrue(r.summary().contains("over 2 seeds"), r.summary());
            List<String> names = r.headline().stream().map(ExperimentResult.Metric::name).toList();
            assertTrue(names.contains("bert2bert-fpi.seeds_reaching") && names.contains("bert2bert-aki.seeds_reaching"),
                    names.toString());
            for (String f : List.of("loss-vs-flops.png", "reuse-report.md")) {
                assertTrue(ctx.artifacts().find(f).isPresent(), f);
            }
            String report = Files.readString(ctx.artifacts().find("reuse-report.md").orElseThrow());
            assertTrue(report.contains("first stage on bottom sub-structures for 25 %"), report);
            assertTrue(ctx.logged().stream().anyMatch(m -> m.name().startsWith("val_loss/bert2bert-aki")));
        }
    }

    @Test
    void operatorChoiceSelectsTheArms() {
        Bert2BertReproduce exp = new Bert2BertReproduce();
        assertEquals(List.of(dev.graft.api.train.reuse.Arm.BERT2BERT_AKI), Bert2BertReproduce.arms(
                ParameterValues.resolve(exp.parameters(), Map.of("growth", "aki"))));
    }
}
