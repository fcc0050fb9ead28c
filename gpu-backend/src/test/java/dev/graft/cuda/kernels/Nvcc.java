package dev.graft.cuda.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds and runs a local {@code nvcc} (which compiles device code without a GPU), for tests. */
final class Nvcc {
    private Nvcc() {
    }

    /** The reason tests using nvcc are skipped when it is absent. */
    static final String ABSENT = "nvcc not found (looked on PATH, in $CUDA_HOME/bin and /usr/local/cuda/bin): "
            + "the CUDA sources are then only checked by NVRTC on a GPU machine";

    static Optional<Path> find() {
        List<Path> c = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                c.add(Path.of(d, "nvcc"));
            }
        }
        String home = System.getenv("CUDA_HOME");
        if (home != null) {
            c.add(Path.of(home, "bin", "nvcc"));
        }
        c.add(Path.of("/usr/local/cuda/bin/nvcc"));
        return c.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * The outcome of a command.
     *
     * @param exit   exit status
     * @param output stdout and stderr
     */
    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Path dir, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
