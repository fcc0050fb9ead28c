package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.tensor.DType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft model forward} on a BERT-base-sized model (110M parameters, 438 MB of F32 weights) in a JVM whose
 * heap is capped at 768 MiB: the weights are copied from the mapped file straight into the model's storage, so the
 * run needs little more heap than the model itself (it also completes under a 600 MiB cap).
 */
class LargeModelMemoryTest {
    /** The heap cap of the child JVM: the weights alone take 438 MB. */
    private static final long HEAP_CAP = 768L << 20;

    @TempDir
    Path tmp;

    @Test
    void bertBaseRunsForwardWellUnderTwoGigabytesOfHeap() throws IOException, InterruptedException {
        Path dir = Files.createDirectory(tmp.resolve("bert-base"));
        BertConfig base = BertConfig.parse(dir.resolve("config.json"), "{\"model_type\": \"bert\", "
                + "\"architectures\": [\"BertForMaskedLM\"], \"hidden_dropout_prob\": 0.0, "
                + "\"attention_probs_dropout_prob\": 0.0}");
        base.write(dir.resolve("config.json"));
        Map<String, int[]> shapes = Checkpoints.bertMlmShapes(base);
        long params = 0;
        long largest = 0;
        for (int[] s : shapes.values()) {
            long n = 1;
            for (int d : s) {
                n *= d;
            }
            params += n;
            largest = Math.max(largest, n);
        }
        assertTrue(params > 109_000_000L && params < 111_000_000L, "BERT-base size: " + params);
        try (Arena arena = Arena.ofConfined()) {
            // one block of random weights (std 0.02), sliced for every tensor: writing needs no heap
            MemorySegment block = arena.allocate(largest * 4, 64);
            Random rng = new Random(1);
            ValueLayout.OfFloat le = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < largest; i++) {
                block.setAtIndex(le, i, (float) (rng.nextGaussian() * 0.02));
            }
            SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
            for (Map.Entry<String, int[]> e : shapes.entrySet()) {
                long n = 1;
                for (int d : e.getValue()) {
                    n *= d;
                }
                w.putRaw(e.getKey(), DType.F32, e.getValue(), block.asSlice(0, n * 4));
            }
            w.write(dir.resolve("model.safetensors"));
        }
        int[][] ids = new int[2][64];
        Random rng = new Random(2);
        for (int[] row : ids) {
            for (int t = 0; t < row.length; t++) {
                row[t] = t == 0 ? 101 : 1000 + rng.nextInt(20000);
            }
        }
        Path batch = Files.writeString(tmp.resolve("batch.json"), "{\"input_ids\": "
                + java.util.Arrays.deepToString(ids) + "}");
        Path out = tmp.resolve("out.safetensors");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Xmx" + (HEAP_CAP >> 20) + "m", "-cp", System.getProperty("java.class.path"),
                "dev.graft.runtime.Main", "model", "forward", dir.toString(), "--batch", batch.toString(),
                "--out", out.toString(), "--device", "cpu", "--threads", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "forward did not finish");
        assertEquals(0, p.exitValue(), log);
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertArrayEquals(new int[] {2, 64, 30522}, f.info("logits").shape());
            assertEquals(14, f.tensors().size(), "logits and 13 hidden states");
            float[] logits = f.readFloats("logits");
            for (float v : logits) {
                assertTrue(Float.isFinite(v), "finite logits");
            }
        }
    }
}
