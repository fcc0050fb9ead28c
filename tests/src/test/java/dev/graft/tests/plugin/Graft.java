package dev.graft.tests.plugin;

import dev.graft.runtime.cli.GraftRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code graft} command line for one home, in this JVM or (javaCommand) in a JVM of its own. */
final class Graft {
    private final Path home;

    Graft(Path home) {
        this.home = home;
    }

    /** Runs {@code graft --home HOME ARGS...} in this JVM. */
    GraftRun run(String... args) {
        return GraftRun.of(home, args);
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
