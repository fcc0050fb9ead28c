package dev.graft.runtime.cli;

import dev.graft.registry.install.InstallPlan;
import dev.graft.registry.install.Installer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft plugin install ID[@RANGE] | JAR...}: resolve, download to staging, check size, SHA-256, signature,
 * compatibility and dependencies, show the plan, then move atomically and record the lockfile.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        header = "Install plugins from a configured registry or from local jars.",
        description = {"Every jar is checked before anything changes: size and SHA-256 against the signed index, the",
                "index signature and generation, a safe jar layout, API and SPI compatibility, dependencies and cycles.",
                "A local jar has no signature and needs --allow-unsigned."})
final class PluginInstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ID[@RANGE]|JAR", description = "Plugin ids (optionally with a version range) or jar files.")
    List<String> targets;

    @Option(names = "--registry", paramLabel = "NAME", description = "Only use this configured registry.")
    String registry;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--dry-run", description = "Show the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--allow-unsigned", description = "Accept local jars and unsigned local directory registries.")
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
        Installer in = Cli.installer(spec);
        List<Path> jars = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String t : targets) {
            if (t.endsWith(".jar") || Files.isRegularFile(Path.of(t))) {
                Path p = Path.of(t);
                if (!Files.isRegularFile(p)) {
                    throw new java.nio.file.NoSuchFileException(t, null, "no such plugin jar");
                }
                jars.add(p);
            } else {
                ids.add(t);
            }
        }
        if (!jars.isEmpty() && !ids.isEmpty()) {
            throw new IllegalArgumentException("install either plugin ids or jar files in one command, not both");
        }
        if (!jars.isEmpty()) {
            Cli.confirm(spec, in, in.planLocal(jars, allowUnsigned), yes, dryRun);
            return ExitCodes.OK;
        }
        for (String id : ids) {
            InstallPlan plan = in.planInstall(id, Optional.ofNullable(registry), allowUnsigned);
            Cli.confirm(spec, in, plan, yes, dryRun);
        }
        return ExitCodes.OK;
    }
}
