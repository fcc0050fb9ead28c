package dev.graft.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves a registry directory read-only over HTTP with the JDK's built-in server: {@code GET} of files below
 * the directory, nothing else. Binds to the loopback address unless told otherwise. Close it to stop.
 */
public final class RegistryServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;

    private RegistryServer(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /**
     * Starts serving.
     *
     * @param root    the registry directory
     * @param address the address to bind ({@link InetAddress#getLoopbackAddress()} for local use only)
     * @param port    the port, or 0 for any free one
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static RegistryServer start(Path root, InetAddress address, int port) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(r)) {
            throw new java.nio.file.NoSuchFileException(r.toString(), null, "registry directory does not exist");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(address, port), 16);
        RegistryServer rs = new RegistryServer(s, r);
        s.createContext("/", rs::handle);
        s.start();
        return rs;
    }

    /** @return the base URL clients use, ending with {@code /} */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String path = ex.getRequestURI().getPath();
            Path file = path.contains("..") || path.contains("\\") ? null : root.resolve(path.substring(1)).normalize();
            if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)
                    || file.getFileName().toString().endsWith(".key")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            ex.getResponseHeaders().set("Content-Type", file.toString().endsWith(".json")
                    ? "application/json" : "application/octet-stream");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(file, out);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
