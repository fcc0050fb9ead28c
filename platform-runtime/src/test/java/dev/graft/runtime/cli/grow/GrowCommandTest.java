package dev.graft.runtime.cli.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.nn.Module;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import dev.graft.runtime.cli.ExitCodes;
import dev.graft.runtime.cli.GraftRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft grow} end to end: a source written as a Hugging Face directory, grown with FPI at whole-number
 * ratios, gives the same logits under {@code graft model forward} as the source, within 1e-5; AKI is reported not
 * exact and its output still loads back as an ordinary directory.
 */
class GrowCommandTest {
    @TempDir
    Path dir;

    private GraftRun graft(String... args) {
        return GraftRun.of(dir.resolve("home"), args);
    }

    /** Every parameter perturbed, so that biases and LayerNorm parameters are not at their initial values. */
    private static void perturb(Module m) {
        Random r = new Random(7);
        for (Tensor t : m.parameters()) {
            float[] v = t.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (r.nextGaussian() * 0.2);
            }
            t.copyFrom(v);
        }
    }

    private Path batch(boolean tokenTypes) throws IOException {
        String json = "{\"input_ids\": [[3, 7, 1, 22, 9, 14, 5, 2], [8, 8, 30, 4, 17, 0, 11, 6]],"
                + " \"attention_mask\": [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 0, 0]]"
                + (tokenTypes ? ", \"token_type_ids\": [[0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0]]" : "")
                + "}";
        Path p = dir.resolve("batch-" + tokenTypes + ".json");
        Files.writeString(p, json);
        return p;
    }

    private float[] forward(Path model, Path batch, String name) throws IOException {
        Path out = dir.resolve(name + ".safetensors");
        GraftRun r = graft("model", "forward", model.toString(), "--batch", batch.toString(), "--out", out.toString(),
                "--backend", "reference");
        assertEquals(0, r.code(), r.err());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            return f.readFloats("logits");
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private Path save(PretrainedModel m, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        ModelFamilies.byName(m.family()).save(m, d);
        return d;
    }

    @Test
    void fpiGrownBertGivesTheSourcesLogitsUnderModelForward() throws IOException {
        try (ReferenceBackend be = new ReferenceBackend()) {
            BertForMaskedLM src = new BertForMaskedLM(be, BertConfig.of(31, 16, 2, 2, 32, 8), 1);
            perturb(src);
            Path source = save(src, "bert-small");
            Path grown = dir.resolve("bert-grown");
            GraftRun r = graft("grow", source.toString(), "--method", "fpi", "--hidden", "32", "--ffn", "64",
                    "--seed", "3", "--out", grown.toString(), "--backend", "reference");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("exact by construction"), r.out());
            BertConfig c = BertConfig.read(grown.resolve("config.json"));
            assertEquals(List.of(32, 4, 64, 2), List.of(c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(),
                    c.numHiddenLayers()));
            Path batch = batch(true);
            double d = maxAbsDiff(forward(source, batch, "src"), forward(grown, batch, "grown"));
            assertTrue(d <= 1e-5, "max |dlogit| " + d);
        }
    }

    @Test
    void fpiGrownGpt2WithIdentityLayersGivesTheSourcesLogits() throws IOException {
        try (ReferenceBackend be = new ReferenceBackend()) {
            Gpt2LMHeadModel src = new Gpt2LMHeadModel(be, Gpt2Config.of(31, 8, 16, 2, 2, 32), 1);
            perturb(src);
            Path source = save(src, "gpt-small");
            Path grown = dir.resolve("gpt-grown");
            GraftRun r = graft("grow", source.toString(), "--method", "fpi", "--hidden", "48", "--layers", "4",
                    "--new-layers", "identity", "--out", grown.toString(), "--backend", "reference");
            assertEquals(0, r.code(), r.err());
            Gpt2Config c = Gpt2Config.read(grown.resolve("config.json"));
            assertEquals(List.of(48, 6, 96, 4), List.of(c.nEmbd(), c.nHead(), c.nInner(), c.nLayer()));
            Path batch = batch(false);
            double d = maxAbsDiff(forward(source, batch, "gsrc"), forward(grown, batch, "ggrown"));
            assertTrue(d <= 1e-5, "max |dlogit| " + d);
        }
    }

    @Test
    void akiIsReportedNotExactAndStillWritesALoadableDirectory() throws IOException {
        try (ReferenceBackend be = new ReferenceBackend()) {
            BertForMaskedLM src = new BertForMaskedLM(be, BertConfig.of(31, 16, 2, 2, 32, 8), 1);
            perturb(src);
            Path source = save(src, "bert-small");
            Path grown = dir.resolve("bert-aki");
            GraftRun r = graft("grow", source.toString(), "--method", "aki", "--hidden", "32", "--layers", "3",
                    "--out", grown.toString(), "--backend", "reference");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("AKI_NEXT_LAYER") && r.out().contains("POST_LN_DEPTH"), r.out());
            try (PretrainedModel back = ModelFamilies.load(grown, be)) {
                assertEquals(3, ((BertForMaskedLM) back).modelConfig().numHiddenLayers());
            }
            Path batch = batch(true);
            double d = maxAbsDiff(forward(source, batch, "asrc"), forward(grown, batch, "agrown"));
            assertTrue(d > 1e-3, "AKI changed the function: max |dlogit| " + d);
        }
    }

    @Test
    void refusesANonEmptyOutputAndAWidthThatIsNotWholeHeads() throws IOException {
        try (ReferenceBackend be = new ReferenceBackend()) {
            Path source = save(new BertForMaskedLM(be, BertConfig.of(31, 16, 2, 2, 32, 8), 1), "bert-small");
            Files.writeString(Files.createDirectories(dir.resolve("busy")).resolve("x"), "x");
            GraftRun busy = graft("grow", source.toString(), "--method", "fpi", "--out", dir.resolve("busy").toString(),
                    "--backend", "reference");
            assertEquals(ExitCodes.USAGE, busy.code(), busy.toString());
            assertTrue(busy.err().contains("not an empty directory"), busy.err());
            GraftRun negative = graft("grow", source.toString(), "--method", "fpi", "--layers", "0",
                    "--out", dir.resolve("negative").toString(), "--backend", "reference");
            assertEquals(ExitCodes.USAGE, negative.code(), negative.toString());
            assertTrue(negative.err().startsWith("graft: --layers must be >= 1, got 0"), negative.err());
            assertFalse(Files.exists(dir.resolve("negative")));
            GraftRun odd = graft("grow", source.toString(), "--method", "fpi", "--hidden", "20",
                    "--out", dir.resolve("odd").toString(), "--backend", "reference");
            assertTrue(odd.code() != 0 && odd.err().contains("head size"), odd.err());
        }
    }
}
