package dev.graft.runtime.cli;

import dev.graft.registry.Ed25519;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.RegistryConfig;
import dev.graft.registry.install.RegistryRef;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft registry add NAME LOCATION --key PUB}: trust a registry and its key. */
@Command(name = "add", mixinStandardHelpOptions = true, header = "Configure a registry and the public key its index is signed with.")
final class RegistryAddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "A short name for it.")
    String name;

    @Parameters(index = "1", paramLabel = "DIR|URL", description = "A directory or an http(s) URL.")
    String location;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Trust trust;

    static final class Trust {
        @Option(names = "--key", paramLabel = "PUB", description = "The registry's public key file (NAME.pub from 'graft registry keygen').")
        Path key;

        @Option(names = "--unsigned", description = "Configure a local directory without a key (installs then need --allow-unsigned).")
        boolean unsigned;
    }

    @Override
    public Integer call() throws Exception {
        GraftHome home = Cli.home(spec);
        String pub = trust.key == null ? null : Ed25519.encodePublic(Ed25519.readPublic(trust.key));
        String loc = location.startsWith("http://") || location.startsWith("https://") ? location
                : Path.of(location).toAbsolutePath().normalize().toString();
        RegistryConfig.read(home.registriesFile()).with(new RegistryRef(name, loc, pub)).write(home.registriesFile());
        spec.commandLine().getOut().println("Added registry " + name + " at " + loc
                + (pub == null ? " (no key)" : " trusting key " + Ed25519.fingerprint(Ed25519.decodePublic(pub, name))));
        return ExitCodes.OK;
    }
}
