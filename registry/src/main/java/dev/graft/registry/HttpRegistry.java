package dev.graft.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** A registry served over HTTP(S). Relative index URLs resolve against its base URL. */
public final class HttpRegistry implements RegistrySource {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final URI base;
    private final HttpClient client;

    /** @param base the registry's base URL, ending with {@code /} */
    public HttpRegistry(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String location() {
        return base.toString();
    }

    @Override
    public boolean isLocalDirectory() {
        return false;
    }

    @Override
    public Optional<byte[]> fetch(String name) throws IOException {
        HttpResponse<byte[]> r = send(base.resolve(name), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException(base.resolve(name) + ": HTTP " + r.statusCode());
        }
        return Optional.of(r.body());
    }

    @Override
    public InputStream openArtifact(String url) throws IOException {
        URI u = base.resolve(url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new RefusedException(RefusedException.Reason.UNSAFE_JAR,
                    base + ": artifact url '" + url + "' must be http(s) or relative");
        }
        HttpResponse<InputStream> r = send(u, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException(u + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (HttpTimeoutException e) {
            throw new RegistryUnreachableException(uri + ": the registry did not answer within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (ConnectException e) {
            throw new RegistryUnreachableException(uri + ": cannot connect to the registry (" + reason(e, uri) + ")",
                    e);
        }
    }

    /** The innermost cause that says what went wrong: an unknown host, a refused connection... */
    private static String reason(Throwable e, URI uri) {
        String why = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + uri.getHost();
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                why = t.getMessage();
            }
        }
        // Java's HTTP client reports a refused connection as message-less exceptions around a closed channel.
        return why == null ? "the connection was refused or dropped" : why.toLowerCase(Locale.ROOT);
    }
}
