package dev.graft.runtime.cli;

import dev.graft.registry.Ed25519;
import dev.graft.registry.install.RegistryConfig;
import dev.graft.registry.install.RegistryRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft registry list}. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List the configured registries and their keys.")
final class RegistryListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RegistryConfig c = RegistryConfig.read(Cli.home(spec).registriesFile());
        if (c.registries().isEmpty()) {
            spec.commandLine().getOut().println("No registry configured; add one with 'graft registry add NAME DIR|URL --key PUB'.");
        }
        for (RegistryRef r : c.registries()) {
            String key = r.publicKey() == null ? "unsigned" : "key " + Ed25519.fingerprint(Ed25519.decodePublic(r.publicKey(), r.name()));
            spec.commandLine().getOut().printf("%-16s %-50s %s%n", r.name(), r.location(), key);
        }
        return ExitCodes.OK;
    }
}
