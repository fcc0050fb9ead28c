package dev.graft.runtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the {@code graft} command line with its own home: the exit code and what it printed. */
public record GraftRun(int code, String out, String err) {
    /** Runs {@code graft --home HOME ARGS...} and captures standard output and standard error. */
    public static GraftRun of(Path home, String... args) {
        CommandLine cl = GraftCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new GraftRun(code, out.toString(), err.toString());
    }
}
