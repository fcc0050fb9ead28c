package dev.graft.registry.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.registry.Digests;
import dev.graft.registry.Ed25519;
import dev.graft.registry.PluginIndex;
import dev.graft.registry.PluginJars;
import dev.graft.registry.Publisher;
import dev.graft.registry.RefusedException;
import dev.graft.registry.RefusedException.Reason;
import dev.graft.registry.RegistryServer;
import dev.graft.registry.TestJars;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {
    @TempDir
    Path dir;
    Path reg;
    Path jars;
    KeyPair kp;
    Publisher publisher;
    GraftHome home;
    Installer installer;

    @BeforeEach
    void setUp() throws IOException {
        reg = dir.resolve("registry");
        jars = dir.resolve("jars");
        kp = Ed25519.generate();
        publisher = new Publisher(reg, kp.getPrivate(), kp.getPublic(), Clock.systemUTC());
        home = new GraftHome(dir.resolve("home"));
        installer = new Installer(home, TestJars.HOST);
        addRegistry("main", reg.toString(), Ed25519.encodePublic(kp.getPublic()));
    }

    private void addRegistry(String name, String location, String key) throws IOException {
        installer.registries().with(new RegistryRef(name, location, key)).write(home.registriesFile());
    }

    private Lockfile install(String spec) throws IOException {
        return installer.commit(installer.planInstall(spec, Optional.empty(), false));
    }

    /** Every file under GRAFT_HOME with its hash: "nothing changed" means this map is equal before and after. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(home.root())) {
            return m;
        }
        try (Stream<Path> s = Files.walk(home.root())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!p.equals(home.mutex())) {
                    m.put(home.root().relativize(p).toString(), Digests.sha256(p));
                }
            }
        }
        return m;
    }

    private void assertRefusedWithoutChange(Reason reason, String mustMention, Executable action) throws IOException {
        Map<String, String> before = snapshot();
        RefusedException e = assertThrows(RefusedException.class, action);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(mustMention), "message should mention '" + mustMention + "': " + e.getMessage());
        assertEquals(before, snapshot(), "GRAFT_HOME changed although the operation was refused");
    }

    @Test
    void installsFromASignedRegistryAndRecordsTheLock() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        Lockfile lock = install("alpha");
        LockEntry e = lock.entry("alpha").orElseThrow();
        assertEquals("1.0.0", e.version());
        assertEquals(Digests.sha256(home.jarOf("alpha")), e.sha256());
        assertTrue(e.signed());
        assertEquals(List.of(), installer.verify());
        assertFalse(Files.exists(home.transaction()));
        try (Stream<Path> s = Files.list(home.staging())) {
            assertEquals(0, s.count(), "staging is left empty");
        }
    }

    @Test
    void thePlanShowsWhatWillChangeWithRangesAndHash() throws Exception {
        Path jar = TestJars.plugin("alpha", "1.0.0").write(jars);
        publisher.publish(jar);
        InstallPlan plan = installer.planInstall("alpha", Optional.empty(), false);
        try {
            assertEquals(List.of(
                    "install   alpha 1.0.0  (registry:main, signed index)",
                    "          API >=0.1.0 & <0.2.0; SPIs experiment >=1.0.0 & <2.0.0; sha256 "
                            + Digests.sha256(jar).substring(0, 16)), plan.describe());
        } finally {
            installer.discard(plan);
        }
    }

    @Test
    void tamperedJarIsRefused() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        Path artifact = reg.resolve("artifacts/alpha-1.0.0.jar");
        byte[] b = Files.readAllBytes(artifact);
        b[b.length / 2] ^= 1;
        Files.write(artifact, b);
        assertRefusedWithoutChange(Reason.CHECKSUM_MISMATCH, "SHA-256 mismatch", () -> install("alpha"));
        Files.write(artifact, java.util.Arrays.copyOf(b, b.length + 10));
        assertRefusedWithoutChange(Reason.CHECKSUM_MISMATCH, "larger", () -> install("alpha"));
    }

    @Test
    void indexWithABadOrMissingSignatureIsRefused() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        Path idx = reg.resolve(PluginIndex.FILE);
        Path sig = reg.resolve(PluginIndex.SIGNATURE_FILE);
        String original = Files.readString(idx);
        // one changed byte in the index
        Files.writeString(idx, original.replace("\"generation\": 1", "\"generation\": 7"));
        assertRefusedWithoutChange(Reason.BAD_SIGNATURE, "does not verify", () -> install("alpha"));
        // even --allow-unsigned does not accept a signature that is present and wrong
        assertRefusedWithoutChange(Reason.BAD_SIGNATURE, "does not verify",
                () -> installer.commit(installer.planInstall("alpha", Optional.empty(), true)));
        // signed by another key
        Files.writeString(idx, original);
        Files.write(sig, Ed25519.sign(Ed25519.generate().getPrivate(), original.getBytes(StandardCharsets.UTF_8)));
        assertRefusedWithoutChange(Reason.BAD_SIGNATURE, "does not verify", () -> install("alpha"));
        // no signature at all
        Files.delete(sig);
        assertRefusedWithoutChange(Reason.BAD_SIGNATURE, "missing", () -> install("alpha"));
        // ... which only an explicit --allow-unsigned accepts, for a local directory
        Lockfile l = installer.commit(installer.planInstall("alpha", Optional.empty(), true));
        assertFalse(l.entry("alpha").orElseThrow().signed());
    }

    @Test
    void registryWithoutTrustedKeyNeedsAllowUnsignedAndHttpNeverAcceptsIt() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        installer.registries().without("main").with(new RegistryRef("main", reg.toString(), null)).write(home.registriesFile());
        assertRefusedWithoutChange(Reason.UNSIGNED, "no trusted key", () -> install("alpha"));
        try (RegistryServer server = RegistryServer.start(reg, InetAddress.getLoopbackAddress(), 0)) {
            installer.registries().without("main").with(new RegistryRef("web", server.uri().toString(), null))
                    .write(home.registriesFile());
            assertRefusedWithoutChange(Reason.UNSIGNED, "no trusted key",
                    () -> installer.commit(installer.planInstall("alpha", Optional.empty(), true)));
        }
    }

    @Test
    void installsOverHttpFromTheLoopbackServer() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        try (RegistryServer server = RegistryServer.start(reg, InetAddress.getLoopbackAddress(), 0)) {
            assertTrue(server.uri().getHost().equals("127.0.0.1") || server.uri().getHost().equals("[::1]"));
            addRegistry("web", server.uri().toString(), Ed25519.encodePublic(kp.getPublic()));
            Lockfile l = installer.commit(installer.planInstall("alpha", Optional.of("web"), false));
            assertEquals("registry:web", l.entry("alpha").orElseThrow().source());
        }
    }

    @Test
    void olderIndexThanOneSeenIsARollbackAttack() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        byte[] oldIdx = Files.readAllBytes(reg.resolve(PluginIndex.FILE));
        byte[] oldSig = Files.readAllBytes(reg.resolve(PluginIndex.SIGNATURE_FILE));
        publisher.publish(TestJars.plugin("alpha", "1.0.1").write(jars));
        install("alpha");
        assertEquals("1.0.1", installer.lock().entry("alpha").orElseThrow().version());
        // a correctly signed, but older, index is served again
        Files.write(reg.resolve(PluginIndex.FILE), oldIdx);
        Files.write(reg.resolve(PluginIndex.SIGNATURE_FILE), oldSig);
        assertRefusedWithoutChange(Reason.ROLLBACK_ATTACK, "generation 1 is older than generation 2",
                () -> install("alpha@1.0.0"));
    }

    @Test
    void jarWithPathTraversalOrAbsoluteEntriesIsRefused() throws Exception {
        for (String bad : List.of("../../outside.txt", "/abs/path.txt")) {
            Path evil = TestJars.plugin("alpha", "1.0.0").entry(bad, "x").write(jars);
            // a malicious registry signs an index that points at the jar (publish itself would refuse it)
            Files.createDirectories(reg.resolve("artifacts"));
            Files.copy(evil, reg.resolve("artifacts/alpha-1.0.0.jar"), StandardCopyOption.REPLACE_EXISTING);
            PluginIndex idx = new PluginIndex(1, 1, "", List.of(new PluginIndex.Plugin("alpha", "alpha", "", "",
                    List.of(new PluginIndex.Release("1.0.0", ">=0.1.0 & <0.2.0", Map.of("experiment", ">=1.0.0 & <2.0.0"),
                            List.of(), Digests.sha256(evil), Files.size(evil), "artifacts/alpha-1.0.0.jar", "")))));
            Files.write(reg.resolve(PluginIndex.FILE), idx.toJson());
            Files.write(reg.resolve(PluginIndex.SIGNATURE_FILE), Ed25519.sign(kp.getPrivate(), idx.toJson()));
            assertRefusedWithoutChange(Reason.UNSAFE_JAR, bad, () -> install("alpha"));
            assertRefusedWithoutChange(Reason.UNSAFE_JAR, bad, () -> installer.planLocal(List.of(evil), true));
            assertThrows(RefusedException.class, () -> publisher.publish(evil));
        }
    }

    @Test
    void pluginWhoseRangesExcludeThisHostIsRefused() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Requires", ">=0.2.0 & <0.3.0").write(jars));
        assertRefusedWithoutChange(Reason.INCOMPATIBLE, "this host has 0.1.0", () -> install("alpha"));
        publisher.publish(TestJars.plugin("beta", "1.0.0").attr("Graft-Spi-Requires", "experiment=>=2.0.0 & <3.0.0").write(jars));
        assertRefusedWithoutChange(Reason.INCOMPATIBLE, "SPI 'experiment'", () -> install("beta"));
        Path local = TestJars.plugin("gamma", "1.0.0").attr("Plugin-Requires", ">=9.0.0").write(jars);
        assertRefusedWithoutChange(Reason.INCOMPATIBLE, "gamma@1.0.0", () -> installer.planLocal(List.of(local), true));
    }

    @Test
    void missingDependencyIsRefusedAndPresentOnesAreInstalledAlong() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Dependencies", "base@>=1.0.0 & <2.0.0").write(jars));
        assertRefusedWithoutChange(Reason.MISSING_DEPENDENCY, "base", () -> install("alpha"));
        Path local = TestJars.plugin("alpha", "1.0.0").attr("Plugin-Dependencies", "base").write(jars);
        assertRefusedWithoutChange(Reason.MISSING_DEPENDENCY, "needs plugin 'base'", () -> installer.planLocal(List.of(local), true));
        publisher.publish(TestJars.plugin("base", "2.0.0").write(jars));
        assertRefusedWithoutChange(Reason.MISSING_DEPENDENCY, "base", () -> install("alpha"));
        publisher.publish(TestJars.plugin("base", "1.3.0").write(jars));
        Lockfile l = install("alpha");
        assertEquals("1.3.0", l.entry("base").orElseThrow().version(), "the newest base in range came along");
        assertEquals(List.of(), installer.verify());
    }

    @Test
    void dependencyCycleIsRefused() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Dependencies", "beta").write(jars));
        publisher.publish(TestJars.plugin("beta", "1.0.0").attr("Plugin-Dependencies", "alpha").write(jars));
        assertRefusedWithoutChange(Reason.DEPENDENCY_CYCLE, "alpha -> beta -> alpha", () -> install("alpha"));
    }

    @Test
    void twoPluginsWithOneIdAreRefused() throws Exception {
        Path a = TestJars.plugin("alpha", "1.0.0").write(jars);
        Path b = TestJars.plugin("alpha", "1.1.0").write(jars);
        assertRefusedWithoutChange(Reason.DUPLICATE_ID, "two plugins with one id 'alpha'",
                () -> installer.planLocal(List.of(a, b), true));
        PluginIndex.Release r = new PluginIndex.Release("1.0.0", ">=0.1.0", Map.of(), List.of(), Digests.sha256(a),
                Files.size(a), "artifacts/a.jar", "");
        PluginIndex twice = new PluginIndex(1, 1, "", List.of(new PluginIndex.Plugin("alpha", "", "", "", List.of(r)),
                new PluginIndex.Plugin("alpha", "", "", "", List.of(r))));
        Files.createDirectories(reg);
        Files.write(reg.resolve(PluginIndex.FILE), twice.toJson());
        Files.write(reg.resolve(PluginIndex.SIGNATURE_FILE), Ed25519.sign(kp.getPrivate(), twice.toJson()));
        assertRefusedWithoutChange(Reason.DUPLICATE_ID, "two plugins with one id 'alpha'", () -> install("alpha"));
    }

    @Test
    void localJarNeedsAllowUnsigned() throws Exception {
        Path a = TestJars.plugin("alpha", "1.0.0").write(jars);
        assertRefusedWithoutChange(Reason.UNSIGNED, "--allow-unsigned", () -> installer.planLocal(List.of(a), false));
        Lockfile l = installer.commit(installer.planLocal(List.of(a), true));
        assertTrue(l.entry("alpha").orElseThrow().source().startsWith("file:"));
    }

    @Test
    void verifyNamesAJarChangedOnDiskAfterInstall() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        publisher.publish(TestJars.plugin("beta", "1.0.0").write(jars));
        install("alpha");
        install("beta");
        assertEquals(List.of(), installer.verify());
        Files.copy(TestJars.plugin("beta", "1.0.0").entry("payload.class", "evil").write(jars), home.jarOf("beta"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> problems = installer.verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("beta: ") && problems.getFirst().contains("changed after install"));
        Files.copy(TestJars.plugin("stray", "1.0.0").write(jars), home.plugins().resolve("stray.jar"));
        assertTrue(installer.verify().stream().anyMatch(p -> p.contains("stray.jar") && p.contains("not in the lockfile")));
    }

    @Test
    void failedMoveLeavesThePreviousVersionsAndRollbackRestoresThem() throws Exception {
        publisher.publish(TestJars.plugin("base", "1.0.0").write(jars));
        publisher.publish(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Dependencies", "base@>=1.0.0 & <2.0.0").write(jars));
        install("alpha");
        Map<String, String> v1 = snapshot();
        publisher.publish(TestJars.plugin("base", "1.1.0").write(jars));
        publisher.publish(TestJars.plugin("alpha", "1.1.0").attr("Plugin-Dependencies", "base@>=1.1.0 & <2.0.0").write(jars));
        AtomicInteger moves = new AtomicInteger();
        Installer failing = new Installer(home, TestJars.HOST, InstallObserver.NONE, (from, to) -> {
            if (moves.incrementAndGet() == 2) {
                throw new IOException("disk full (simulated) moving " + from);
            }
            FileMover.ATOMIC.move(from, to);
        }, Clock.systemUTC());
        InstallPlan plan = failing.planUpdate(Optional.empty(), false);
        assertEquals(2, plan.steps().size());
        IOException e = assertThrows(IOException.class, () -> failing.commit(plan));
        assertTrue(e.getMessage().contains("disk full"));
        Map<String, String> after = snapshot();
        after.keySet().removeIf(k -> k.startsWith("plugins/.staging"));
        v1.keySet().removeIf(k -> k.startsWith("plugins/.staging"));
        assertEquals(v1, after, "a failed move must leave exactly the previous installation");
        assertEquals(List.of(), installer.verify());

        installer.commit(installer.planUpdate(Optional.empty(), false));
        assertEquals("1.1.0", installer.lock().entry("alpha").orElseThrow().version());
        installer.commit(installer.planRollback("alpha"));
        installer.commit(installer.planRollback("base"));
        assertEquals("1.0.0", installer.lock().entry("alpha").orElseThrow().version());
        assertEquals("1.0.0", installer.lock().entry("base").orElseThrow().version());
        assertEquals("1.0.0", PluginJars.inspect(home.jarOf("alpha")).version());
        assertEquals(List.of(), installer.verify());
    }

    @Test
    void aCrashAtAnyCommitStepRecoversToTheOldOrTheNewSetNeverAMix() throws Exception {
        publisher.publish(TestJars.plugin("base", "1.0.0").write(jars));
        publisher.publish(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Dependencies", "base").write(jars));
        install("alpha");
        Lockfile old = installer.lock();
        publisher.publish(TestJars.plugin("base", "1.1.0").write(jars));
        publisher.publish(TestJars.plugin("alpha", "1.1.0").attr("Plugin-Dependencies", "base@>=1.1.0").write(jars));
        // Copy GRAFT_HOME at every step: each copy is what a process killed right there leaves on disk.
        List<Path> crashes = new ArrayList<>();
        Installer observed = new Installer(home, TestJars.HOST, (stage, id) -> {
            try {
                Path copy = dir.resolve("crash-" + crashes.size() + "-" + stage);
                copyTree(home.root(), copy);
                crashes.add(copy);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, FileMover.ATOMIC, Clock.systemUTC());
        Lockfile updated = observed.commit(observed.planUpdate(Optional.empty(), false));
        assertTrue(crashes.size() >= 6, "journal, two backups, two moves, lock: " + crashes);
        for (Path crash : crashes) {
            Installer after = new Installer(new GraftHome(crash), TestJars.HOST);
            assertTrue(after.recover(), crash.toString());
            Lockfile l = after.lock();
            assertTrue(l.equals(old) || l.equals(updated), crash + ": lock is neither old nor new");
            assertEquals(List.of(), after.verify(), crash + " after recovery");
            assertFalse(Files.exists(crash.resolve("plugins/.txn")));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                if (p.getFileName().toString().equals(".lock")) {
                    continue;
                }
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void removeRefusesWhileOthersNeedItAndKeepsThePreviousForRollback() throws Exception {
        publisher.publish(TestJars.plugin("base", "1.0.0").write(jars));
        publisher.publish(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Dependencies", "base").write(jars));
        install("alpha");
        assertRefusedWithoutChange(Reason.CONFLICT, "needed by alpha@1.0.0", () -> installer.planRemove("base", false));
        installer.commit(installer.planRemove("alpha", false));
        assertFalse(Files.exists(home.jarOf("alpha")));
        assertTrue(installer.lock().entry("alpha").isEmpty());
        installer.commit(installer.planRollback("alpha"));
        assertEquals("1.0.0", installer.lock().entry("alpha").orElseThrow().version());
        assertEquals(List.of(), installer.verify());
    }

    @Test
    void disableAndEnableAreRecorded() throws Exception {
        publisher.publish(TestJars.plugin("alpha", "1.0.0").write(jars));
        install("alpha");
        installer.setEnabled("alpha", false);
        assertEquals(java.util.Set.of("alpha"), installer.disabled());
        installer.setEnabled("alpha", true);
        assertEquals(java.util.Set.of(), installer.disabled());
        assertEquals(Reason.NOT_FOUND, assertThrows(RefusedException.class, () -> installer.setEnabled("nope", false)).reason());
    }
}
