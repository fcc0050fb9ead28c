package dev.graft.runtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the {@code graft} command line: the exit code and what it printed.
 *
 * <p>Shared with the end-to-end tests of the {@code tests} module through this module's test jar.
 */
public record GraftRun(int code, String out, String err) {
    /** Runs {@code graft ARGS...} with the default home and captures standard output and standard error. */
    public static GraftRun of(String... args) {
        CommandLine cl = GraftCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new GraftRun(code, out.toString(), err.toString());
    }

    /** Runs {@code graft --home HOME ARGS...}. */
    public static GraftRun of(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return of(all.toArray(String[]::new));
    }

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
