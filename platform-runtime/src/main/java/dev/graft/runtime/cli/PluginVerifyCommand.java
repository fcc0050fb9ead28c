package dev.graft.runtime.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft plugin verify}: re-hash every installed jar against the lockfile; exit 1 on any mismatch. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Check every installed plugin against the lockfile; exit 1 if any differs.")
final class PluginVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> problems = Cli.installer(spec).verify();
        PrintWriter out = spec.commandLine().getOut();
        if (problems.isEmpty()) {
            out.println("All installed plugins match the lockfile.");
            return ExitCodes.OK;
        }
        problems.forEach(p -> spec.commandLine().getErr().println("graft: " + p));
        return ExitCodes.CHECK_FAILED;
    }
}
