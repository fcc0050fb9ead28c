package dev.graft.runtime.cli;

import dev.graft.registry.Ed25519;
import dev.graft.registry.PluginIndex;
import dev.graft.registry.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft registry index --registry DIR --key KEY}: rebuild and re-sign the index from the jars present. */
@Command(name = "index", mixinStandardHelpOptions = true,
        header = "Rebuild a registry's index from the jars in its artifacts/ folder and sign it.")
final class RegistryIndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "The registry directory.")
    Path registry;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The registry's private key.")
    Path key;

    @Option(names = "--public-key", paramLabel = "PUB", description = "Its public key (default: KEY with .pub).")
    Path publicKey;

    @Override
    public Integer call() throws Exception {
        Path pubFile = publicKey != null ? publicKey : key.resolveSibling(key.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
        PluginIndex idx = new Publisher(registry, Ed25519.readPrivate(key),
                Files.exists(pubFile) ? Ed25519.readPublic(pubFile) : null, Clock.systemUTC()).reindex();
        spec.commandLine().getOut().println("Indexed " + idx.plugins().size() + " plugin(s); generation " + idx.generation());
        return ExitCodes.OK;
    }
}
