package dev.graft.runtime.cli;

import dev.graft.registry.Ed25519;
import dev.graft.registry.PluginIndex;
import dev.graft.registry.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft registry publish JAR... --registry DIR --key KEY}. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        header = "Add plugin jars to a registry directory and re-sign its index.")
final class RegistryPublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "JAR", description = "Plugin jars to publish.")
    List<Path> jars;

    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "The registry directory (created if missing).")
    Path registry;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The registry's private key (from 'graft registry keygen').")
    Path key;

    @Option(names = "--public-key", paramLabel = "PUB", description = "Its public key (default: KEY with .pub), used to check the existing index.")
    Path publicKey;

    @Override
    public Integer call() throws Exception {
        PrivateKey priv = Ed25519.readPrivate(key);
        Path pubFile = publicKey != null ? publicKey : key.resolveSibling(key.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
        PublicKey pub = Files.exists(pubFile) ? Ed25519.readPublic(pubFile) : null;
        Publisher p = new Publisher(registry, priv, pub, Clock.systemUTC());
        PluginIndex idx = null;
        for (Path jar : jars) {
            idx = p.publish(jar);
            spec.commandLine().getOut().println("Published " + jar.getFileName());
        }
        spec.commandLine().getOut().println("Index generation " + idx.generation() + " signed in " + registry);
        return ExitCodes.OK;
    }
}
