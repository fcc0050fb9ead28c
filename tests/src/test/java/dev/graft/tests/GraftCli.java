package dev.graft.tests;

import dev.graft.runtime.cli.GraftCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code graft} command line in this JVM, capturing what it prints. */
public final class GraftCli {
    /** The exit code and the captured standard output and standard error of one run. */
    public record Result(int code, String out, String err) {
        /** @return the run directory {@code graft run} prints on its last line, after the experiment's summary */
        public Path runDir() {
            List<String> lines = out.strip().lines().toList();
            return Path.of(lines.get(lines.size() - 1).strip());
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private GraftCli() {
    }

    /** Runs {@code graft ARGS...} with the default home. */
    public static Result run(String... args) {
        CommandLine cl = GraftCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs {@code graft --home HOME ARGS...}. */
    public static Result runIn(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }
}
