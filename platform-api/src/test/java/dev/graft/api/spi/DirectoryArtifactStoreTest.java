package dev.graft.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.ReferenceBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArtifactStoreTest {
    @TempDir
    Path dir;

    @Test
    void checkpointsAreAtomicAndOnlyTheLatestIsKept() throws Exception {
        var store = new DirectoryArtifactStore(dir);
        assertEquals(Optional.empty(), store.latestCheckpoint());
        store.saveCheckpoint(10, d -> Files.writeString(d.resolve("s"), "10"));
        Checkpoint c = store.saveCheckpoint(20, d -> Files.writeString(d.resolve("s"), "20"));
        assertEquals(new Checkpoint(20, dir.resolve("checkpoints/step-20")), c);
        assertEquals(Optional.of(c), store.latestCheckpoint());
        assertEquals(List.of("step-20"), names(dir.resolve("checkpoints")));
        // a writer that fails leaves the previous checkpoint and no trace of the failed one
        IOException e = assertThrows(IOException.class, () -> store.saveCheckpoint(30, d -> {
            Files.writeString(d.resolve("s"), "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(Optional.of(c), store.latestCheckpoint());
        assertEquals(List.of("step-20"), names(dir.resolve("checkpoints")));
        assertThrows(IllegalArgumentException.class, () -> store.saveCheckpoint(20, d -> { }), "steps must increase");
        // a fresh store over the same directory (a resumed run) sees the same checkpoint
        assertEquals("20", Files.readString(new DirectoryArtifactStore(dir).latestCheckpoint().orElseThrow().directory().resolve("s")));
    }

    @Test
    void filesAreWrittenAtomicallyUnderSafeNames() throws Exception {
        var store = new DirectoryArtifactStore(dir);
        Path p = store.write("tables/transfer.csv", "a,b\n".getBytes());
        assertEquals(dir.resolve("artifacts/tables/transfer.csv"), p);
        store.write("tables/transfer.csv", "c,d\n".getBytes());
        assertEquals("c,d\n", Files.readString(p));
        assertEquals(List.of("transfer.csv"), names(p.getParent()), "no temporary file is left behind");
        assertEquals(Optional.of(p), store.find("tables/transfer.csv"));
        for (String bad : List.of("../escape", "/abs", "a//b", "a/./b", ".tmp-x", "sp ace")) {
            assertThrows(IllegalArgumentException.class, () -> store.write(bad, new byte[0]), bad);
        }
        Path model = store.newModelDirectory("grown");
        assertTrue(Files.isDirectory(model));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> store.newModelDirectory("grown"));
    }

    @Test
    void localRunContextRecordsMetricsAndCancellation() {
        try (var backend = new ReferenceBackend()) {
            var ctx = new LocalRunContext(backend, 5, dir);
            ctx.metrics().log(1, "loss", 2.0);
            ctx.metrics().log(2, "loss", 1.0);
            ctx.metrics().log(2, "eval/acc", 0.5);
            assertEquals(1.0, ctx.last("loss").orElseThrow());
            assertEquals(3, ctx.logged().size());
            assertThrows(IllegalArgumentException.class, () -> ctx.metrics().log(1, "bad name", 1));
            assertThrows(IllegalArgumentException.class, () -> ctx.metrics().log(-1, "loss", 1));
            assertFalse(ctx.cancellation().isCancelled());
            ctx.cancel();
            assertThrows(RunCancelledException.class, () -> ctx.cancellation().throwIfCancelled());
            assertEquals(5, ctx.seed());
            assertEquals(dir.toAbsolutePath().normalize(), ctx.outputDirectory());
        }
    }

    @Test
    void hfConfigViewReadsTopLevelScalarsAndNamesTheFileOnError() throws Exception {
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "gpt2", "n_embd": 64, "layer_norm_epsilon": 1e-5, "tie_word_embeddings": true,
                 "architectures": ["GPT2LMHeadModel"], "activation_function": "gelu_new"}
                """);
        HfConfigView v = HfConfigView.read(dir);
        assertEquals("gpt2", v.modelType());
        assertEquals(64, v.integer("n_embd").orElseThrow());
        assertEquals(1e-5, v.number("layer_norm_epsilon").orElseThrow());
        assertTrue(v.integer("layer_norm_epsilon").isEmpty());
        assertEquals(true, v.bool("tie_word_embeddings").orElseThrow());
        assertEquals("gelu_new", v.string("activation_function").orElseThrow());
        assertFalse(v.keys().contains("architectures"), "arrays are not scalars");
        Files.writeString(dir.resolve("config.json"), "{\"n_embd\": 64}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HfConfigView.read(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("'model_type'"), e.getMessage());
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
