package dev.graft.runtime.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.tensor.UnaryOp;
import dev.graft.runtime.cli.GraftRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTrainCommandTest {
    @TempDir
    Path home;

    private GraftRun graft(String... args) {
        return GraftRun.of(home, args);
    }

    @Test
    void profileListsTheKernelsAndTheirTimesAddUpToTheStep() {
        GraftRun r = graft("bench", "train", "--model", "bert", "--config", "tiny", "--batch", "1", "--steps", "2",
                "--warmup", "1", "--device", "cpu", "--threads", "1", "--profile");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("bert-tiny on cpu (1 thread), batch 1 x 128, "), out);
        Matcher step = Pattern.compile("where the time goes \\(2 steps, ([0-9.]+) ms per step\\)").matcher(out);
        assertTrue(step.find(), out);
        double stepMs = Double.parseDouble(step.group(1));
        for (String kernel : new String[] {"gemm ", "attention", "attentionBackward", "adamw", "all GEMMs"}) {
            assertTrue(out.contains(kernel), kernel + " missing from\n" + out);
        }
        // Every kernel row and the "outside kernels" remainder together make up the step.
        Matcher row = Pattern.compile("(?m)^    (\\S.*?)\\s+([0-9.]+)\\s+[0-9.]+%").matcher(out);
        double sum = 0;
        double outside = Double.NaN;
        while (row.find()) {
            String name = row.group(1).strip();
            double ms = Double.parseDouble(row.group(2));
            if (name.startsWith("outside kernels")) {
                outside = ms;
            } else if (!name.equals("all GEMMs")) {
                sum += ms;
            }
        }
        assertTrue(outside >= 0, "kernel times exceed the step: " + out);
        assertEquals(stepMs, sum + outside, 0.3 + 1e-3 * stepMs, out); // rows are rounded to 0.01 ms
    }

    @Test
    void jsonKeepsStdoutOneObjectAndSendsTheProfileToStderr() {
        GraftRun r = graft("bench", "train", "--model", "gpt", "--config", "tiny", "--batch", "1", "--steps", "1",
                "--warmup", "0", "--device", "cpu", "--threads", "1", "--json", "--profile");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals("gpt", o.get("model").getAsString());
        assertEquals(1, o.getAsJsonArray("losses").size());
        assertTrue(r.err().contains("where the time goes"), r.err());
    }

    @Test
    void onlyRecordedCallsCountAndGemmsAreKeyedByShape() {
        ComputeBackend reference = new ReferenceBackend();
        KernelProfile profile = KernelProfile.wrap(reference);
        ComputeBackend be = profile.backend();
        Random rng = new Random(1);
        Tensor a = Tensor.randn(be, rng, 1f, 3, 4);
        Tensor b = Tensor.randn(be, rng, 1f, 4, 5);
        a.matmul(b); // not recorded
        profile.recording(true);
        Tensor c = a.matmul(b);
        a.matmul(b);
        profile.recording(false);
        c.tanh(); // not recorded
        StringWriter w = new StringWriter();
        profile.print(new PrintWriter(w, true), 1L, 1); // a 1 ns "step", so that no kernel is folded into "other"
        String out = w.toString();
        Matcher gemm = Pattern.compile("gemm 3x5x4:NN\\s+[0-9.]+\\s+[0-9.]+%\\s+(\\d+)").matcher(out);
        assertTrue(gemm.find(), out);
        assertEquals(2, Integer.parseInt(gemm.group(1)), out);
        assertTrue(!out.contains("unary"), out);
    }

    @Test
    void anAsynchronousBackendIsSynchronizedAroundEveryRecordedCallAndOnlyThen() {
        ComputeBackend reference = new ReferenceBackend();
        List<String> events = new ArrayList<>();
        KernelProfile profile = KernelProfile.wrap(reference, () -> events.add("barrier"));
        ComputeBackend be = profile.backend();
        Storage x = be.upload(new float[] {1, 2, 3});
        assertEquals(List.of(), events, "not recording: no barrier");
        profile.recording(true);
        Storage y = be.allocate(DType.F32, 3);
        events.add("allocate returned");
        be.unary(UnaryOp.TANH, x, y, 3);
        events.add("unary returned");
        assertEquals(List.of("barrier", "barrier", "allocate returned", "barrier", "barrier", "unary returned"), events);
        profile.recording(false);
        be.unary(UnaryOp.EXP, x, y, 3);
        assertEquals(6, events.size(), "not recording again: no barrier");
    }
}
