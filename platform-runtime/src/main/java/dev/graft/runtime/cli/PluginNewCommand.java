package dev.graft.runtime.cli;

import dev.graft.runtime.plugin.PluginScaffold;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin new NAME}: scaffold a standalone Maven project for a third-party plugin. */
@Command(name = "new", mixinStandardHelpOptions = true,
        header = "Create a standalone Maven project for a new plugin, with a sample experiment and a test.")
final class PluginNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The plugin id and Maven artifact id, e.g. my-analyzer.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Where to create NAME/ (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--group-id", paramLabel = "GROUP", defaultValue = "org.example",
            description = "Maven group id and package prefix (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Override
    public Integer call() throws Exception {
        Path root = PluginScaffold.write(dir, new PluginScaffold.Spec(name, groupId));
        spec.commandLine().getOut().println("Created " + root);
        spec.commandLine().getOut().println("Next: cd " + root + " && mvn package");
        return ExitCodes.OK;
    }
}
