package dev.graft.runtime.cli;

import dev.graft.registry.Ed25519;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft registry keygen}: a new Ed25519 signing key for a registry. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        header = "Create an Ed25519 key pair for signing a registry index (NAME.key, owner-only, and NAME.pub).")
final class RegistryKeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Where to write the keys (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "registry", description = "Key file name (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        KeyPair kp = Ed25519.generate();
        Path pub = Ed25519.writeKeyPair(kp, dir, name);
        spec.commandLine().getOut().println("Wrote " + dir.resolve(name + ".key") + " (keep it secret) and " + pub);
        spec.commandLine().getOut().println("Fingerprint " + Ed25519.fingerprint(kp.getPublic()));
        return ExitCodes.OK;
    }
}
