package dev.graft.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Publishes plugin jars into a registry directory: copies each jar to {@code artifacts/<id>-<version>.jar},
 * records it in {@code plugins.json} with its SHA-256, size and ranges, raises the index generation and signs
 * the index. A published release is immutable: publishing the same id and version with other bytes is refused.
 */
public final class Publisher {
    /** Where jars are kept inside a registry directory. */
    public static final String ARTIFACTS = "artifacts";

    private final Path registry;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final Clock clock;

    /**
     * @param registry  the registry directory, created if missing
     * @param key       the registry's signing key
     * @param publicKey its public key, used to check the existing index before changing it
     * @param clock     the clock for the {@code date} fields
     */
    public Publisher(Path registry, PrivateKey key, PublicKey publicKey, Clock clock) {
        this.registry = registry.toAbsolutePath().normalize();
        this.key = key;
        this.publicKey = publicKey;
        this.clock = clock;
    }

    /**
     * Publishes one jar.
     *
     * @param jar a plugin jar
     * @return the new index
     * @throws IOException if a file cannot be read or written
     * @throws RefusedException if the jar is unsafe or malformed, the existing index does not verify, or the
     *                          release exists with different bytes
     */
    public PluginIndex publish(Path jar) throws IOException {
        PluginDescriptor d = PluginJars.inspect(jar);
        String sha = Digests.sha256(jar);
        long size = Files.size(jar);
        PluginIndex old = existing();
        Map<String, PluginIndex.Plugin> plugins = new LinkedHashMap<>();
        old.plugins().forEach(p -> plugins.put(p.id(), p));
        PluginIndex.Plugin prev = plugins.get(d.id());
        List<PluginIndex.Release> releases = new ArrayList<>(prev == null ? List.of() : prev.releases());
        for (PluginIndex.Release r : releases) {
            if (r.version().equals(d.version())) {
                if (r.sha256().equals(sha)) {
                    return old;
                }
                throw new RefusedException(RefusedException.Reason.CONFLICT, d.label()
                        + " is already published with other bytes (sha256 " + r.sha256() + "); releases are immutable, "
                        + "publish a new version");
            }
        }
        String rel = ARTIFACTS + "/" + d.id() + "-" + d.version() + ".jar";
        Path target = registry.resolve(rel);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".jar");
        try {
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        releases.add(new PluginIndex.Release(d.version(), d.requires(), d.spiRequires(), d.dependencies(), sha, size, rel,
                Instant.now(clock).toString()));
        plugins.put(d.id(), new PluginIndex.Plugin(d.id(), d.id(), d.description(), d.provider(), releases));
        return write(new PluginIndex(PluginIndex.SCHEMA, old.generation() + 1, Instant.now(clock).toString(),
                List.copyOf(plugins.values())));
    }

    /**
     * Rebuilds the index from every jar under {@code artifacts/} and signs it, with a higher generation.
     *
     * @return the new index
     * @throws IOException if a file cannot be read or written
     */
    public PluginIndex reindex() throws IOException {
        PluginIndex old = existing();
        Map<String, List<PluginIndex.Release>> byId = new LinkedHashMap<>();
        Map<String, PluginDescriptor> latest = new LinkedHashMap<>();
        Path dir = registry.resolve(ARTIFACTS);
        List<Path> jars;
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path jar : jars) {
            PluginDescriptor d = PluginJars.inspect(jar);
            List<PluginIndex.Release> rs = byId.computeIfAbsent(d.id(), k -> new ArrayList<>());
            if (rs.stream().anyMatch(r -> r.version().equals(d.version()))) {
                throw new RefusedException(RefusedException.Reason.DUPLICATE_ID, dir + ": two jars hold " + d.label());
            }
            String date = old.plugin(d.id()).flatMap(p -> p.release(d.version())).map(PluginIndex.Release::date)
                    .orElse(Instant.now(clock).toString());
            rs.add(new PluginIndex.Release(d.version(), d.requires(), d.spiRequires(), d.dependencies(),
                    Digests.sha256(jar), Files.size(jar), ARTIFACTS + "/" + jar.getFileName(), date));
            latest.merge(d.id(), d, (a, b) -> Versions.compare(a.version(), b.version()) >= 0 ? a : b);
        }
        List<PluginIndex.Plugin> plugins = new ArrayList<>();
        byId.forEach((id, rs) -> plugins.add(new PluginIndex.Plugin(id, id, latest.get(id).description(),
                latest.get(id).provider(), rs)));
        return write(new PluginIndex(PluginIndex.SCHEMA, old.generation() + 1, Instant.now(clock).toString(), plugins));
    }

    private PluginIndex existing() throws IOException {
        Path idx = registry.resolve(PluginIndex.FILE);
        if (!Files.exists(idx)) {
            return new PluginIndex(PluginIndex.SCHEMA, 0, "", List.of());
        }
        return SignedIndex.load(new DirectoryRegistry(registry), publicKey, false).index();
    }

    private PluginIndex write(PluginIndex idx) throws IOException {
        idx.check("new index");
        byte[] json = idx.toJson();
        AtomicFiles.write(registry.resolve(PluginIndex.SIGNATURE_FILE), Ed25519.sign(key, json));
        AtomicFiles.write(registry.resolve(PluginIndex.FILE), json);
        return idx;
    }
}
