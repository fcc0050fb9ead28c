package dev.graft.runtime.cli;

import dev.graft.registry.RegistryServer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft registry serve DIR}: serve a registry directory over HTTP until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve a registry directory read-only over HTTP (loopback only unless --bind says otherwise).")
final class RegistryServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The registry directory.")
    Path dir;

    @Option(names = "--port", defaultValue = "8765", description = "Port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 exposes it to the network.")
    String bind;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: unknown address '" + bind + "'");
        }
        CountDownLatch stop = new CountDownLatch(1);
        RegistryServer started;
        try {
            started = RegistryServer.start(dir, address, port);
        } catch (BindException e) {
            throw new BindException("cannot listen on " + bind + ":" + port + ": "
                    + (e.getMessage() == null ? "the address cannot be bound" : e.getMessage().toLowerCase(Locale.ROOT))
                    + (port == 0 ? "" : "; choose another --port, or 0 for any free one"));
        }
        try (RegistryServer server = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "graft-registry-stop"));
            spec.commandLine().getOut().println("Serving " + dir.toAbsolutePath() + " at " + server.uri() + " (Ctrl-C stops)");
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return ExitCodes.OK;
    }
}
