package dev.graft.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        }
    }
}
