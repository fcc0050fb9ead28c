package dev.graft.tests.plugin;

import dev.graft.runtime.cli.GraftCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code graft} command line in this JVM with a given home, capturing its output. */
final class Graft {
    record Result(int code, String out, String err) {
        /** @return the run directory {@code graft run} prints on its last line, after the experiment's summary */
        Path runDir() {
            List<String> lines = out.strip().lines().toList();
            return Path.of(lines.get(lines.size() - 1).strip());
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path home;

    Graft(Path home) {
        this.home = home;
    }

    Result run(String... args) {
        CommandLine cl = GraftCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** @return the command that starts a {@code graft} JVM with this test's class path */
    static List<String> javaCommand(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Djava.awt.headless=true", "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        return cmd;
    }

    static String prop(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank() || v.contains("${")) {
            throw new IllegalStateException("system property " + name + " is not set; run this test through Maven "
                    + "(the tests module's surefire configuration sets it)");
        }
        return v;
    }
}
