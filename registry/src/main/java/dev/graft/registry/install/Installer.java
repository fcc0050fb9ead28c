package dev.graft.registry.install;

import com.google.gson.reflect.TypeToken;
import dev.graft.registry.AtomicFiles;
import dev.graft.registry.Digests;
import dev.graft.registry.Ed25519;
import dev.graft.registry.HostProfile;
import dev.graft.registry.PluginDependency;
import dev.graft.registry.PluginDescriptor;
import dev.graft.registry.PluginIndex;
import dev.graft.registry.PluginJars;
import dev.graft.registry.RefusedException;
import dev.graft.registry.RefusedException.Reason;
import dev.graft.registry.RegistrySource;
import dev.graft.registry.SignedIndex;
import dev.graft.registry.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Changes the plugins installed in a {@link GraftHome}: resolve, stage, check, plan, then commit atomically.
 *
 * <p><b>Checks before anything is installed.</b> The registry index must carry a valid Ed25519 signature by the
 * registry's trusted key (a local directory may be used unsigned only with an explicit {@code allowUnsigned})
 * and a generation no lower than the last one committed from that registry. Each jar is downloaded into
 * {@code plugins/.staging/}, and its size and SHA-256 must match the index; it must be a safe jar whose
 * manifest agrees with the index entry; it must be compatible with the host; and the set of plugins after the
 * change must have every required dependency in range, no cycle and no id twice. Any failure throws
 * {@link RefusedException}, deletes the staged files, and leaves everything else as it was.
 *
 * <p><b>Commit.</b> A journal and copies of the replaced jars are written to {@code plugins/.txn/}, the new
 * jars are moved into place with atomic renames, the lockfile is replaced atomically (this is the commit
 * point), and the replaced jars become the {@code .previous} versions used by {@link #rollback}. If the process
 * dies or a move fails at any point, {@link #recover()} (run by every command before it does anything else)
 * either finishes a committed change or restores the previous jars exactly.
 *
 * <p>Mutating methods hold an exclusive lock on {@code GRAFT_HOME/.lock}; instances are not thread-safe.
 */
public final class Installer {
    private final GraftHome home;
    private final HostProfile host;
    private final InstallObserver observer;
    private final FileMover mover;
    private final Clock clock;

    /**
     * @param home     the Graft home
     * @param host     the versions plugins are checked against
     * @param observer told about each commit step
     * @param mover    the atomic move to use
     * @param clock    for the lockfile's dates
     */
    public Installer(GraftHome home, HostProfile host, InstallObserver observer, FileMover mover, Clock clock) {
        this.home = home;
        this.host = host;
        this.observer = observer;
        this.mover = mover;
        this.clock = clock;
    }

    /** An installer with real moves, no observer and the system clock. */
    public Installer(GraftHome home, HostProfile host) {
        this(home, host, InstallObserver.NONE, FileMover.ATOMIC, Clock.systemUTC());
    }

    /** @return the home this installer changes */
    public GraftHome home() {
        return home;
    }

    /** @return the installed plugins */
    public Lockfile lock() throws IOException {
        return Lockfile.read(home.lockFile());
    }

    /** @return the configured registries */
    public RegistryConfig registries() throws IOException {
        return RegistryConfig.read(home.registriesFile());
    }

    // ------------------------------------------------------------------ planning

    /**
     * Plans installing a plugin (and its missing required dependencies) from the configured registries.
     *
     * @param spec          {@code id} or {@code id@range}
     * @param registryName  the registry to use, or empty to search all in order
     * @param allowUnsigned accept an unsigned local directory registry
     * @return the checked plan, with staged jars
     * @throws RefusedException if anything is refused; nothing is then left on disk
     * @throws IOException if a file cannot be read or fetched
     */
    public InstallPlan planInstall(String spec, Optional<String> registryName, boolean allowUnsigned) throws IOException {
        int at = spec.indexOf('@');
        String id = at < 0 ? spec.trim() : spec.substring(0, at).trim();
        String range = at < 0 ? "*" : Versions.checkRange(spec.substring(at + 1), "version range of '" + id + "'");
        PluginDescriptor.checkId(id, "plugin to install");
        return plan(List.of(new Want(id, range, null)), registryName, allowUnsigned);
    }

    /**
     * Plans updating installed plugins to the newest compatible release in the configured registries.
     *
     * @param id            one plugin id, or empty for every installed plugin that came from a registry
     * @param allowUnsigned accept an unsigned local directory registry
     * @return the plan (possibly with no steps when everything is current)
     */
    public InstallPlan planUpdate(Optional<String> id, boolean allowUnsigned) throws IOException {
        Lockfile lock = lock();
        List<Want> wants = new ArrayList<>();
        for (LockEntry e : lock.plugins()) {
            if (id.isPresent() && !id.get().equals(e.id())) {
                continue;
            }
            if (!e.source().startsWith("registry:")) {
                if (id.isPresent()) {
                    throw new RefusedException(Reason.CONFLICT, e.id() + " was installed from " + e.source()
                            + ", not from a registry; install the new jar instead");
                }
                continue;
            }
            wants.add(new Want(e.id(), ">=" + e.version(), null));
        }
        if (id.isPresent() && wants.isEmpty()) {
            throw new RefusedException(Reason.NOT_FOUND, "plugin '" + id.get() + "' is not installed");
        }
        InstallPlan p = plan(wants, Optional.empty(), allowUnsigned);
        List<InstallPlan.Step> changed = p.steps().stream().filter(s -> s.action() != InstallPlan.Action.REINSTALL).toList();
        return new InstallPlan(changed, p.stagingDir(), p.generationsSeen());
    }

    private record Want(String id, String range, String neededBy) {
    }

    private record Candidate(PluginIndex.Release release, PluginIndex.Plugin plugin, String registry, RegistrySource source,
                             boolean signed) {
    }

    private InstallPlan plan(List<Want> wants, Optional<String> registryName, boolean allowUnsigned) throws IOException {
        RegistryConfig config = registries();
        List<RegistryRef> refs = registryName.isPresent()
                ? List.of(config.get(registryName.get()).orElseThrow(() -> new RefusedException(Reason.NOT_FOUND,
                        "no registry named '" + registryName.get() + "'; configured: " + names(config))))
                : config.requireAny();
        Map<String, Long> seen = RegistryState.read(home.registryStateFile());
        Map<String, SignedIndex> indexes = new LinkedHashMap<>();
        for (RegistryRef r : refs) {
            RegistrySource src = RegistrySource.of(r.location());
            PublicKey key = r.publicKey() == null ? null : Ed25519.decodePublic(r.publicKey(), "registry '" + r.name() + "'");
            SignedIndex si = SignedIndex.load(src, key, allowUnsigned);
            long last = seen.getOrDefault(src.location(), 0L);
            if (si.index().generation() < last) {
                throw new RefusedException(Reason.ROLLBACK_ATTACK, "registry '" + r.name() + "' (" + src.location()
                        + "): index generation " + si.index().generation() + " is older than generation " + last
                        + " already seen; refusing a rolled-back index");
            }
            indexes.put(r.name(), si);
        }
        Lockfile lock = lock();
        // Resolve the wanted plugins and, transitively, their missing required dependencies.
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        List<Want> queue = new ArrayList<>(wants);
        while (!queue.isEmpty()) {
            Want w = queue.removeFirst();
            if (chosen.containsKey(w.id())) {
                Candidate c = chosen.get(w.id());
                if (!w.range().equals("*") && !Versions.satisfies(c.release().version(), w.range())) {
                    throw new RefusedException(Reason.MISSING_DEPENDENCY, "no single version of '" + w.id()
                            + "' satisfies every plugin: " + c.release().version() + " is outside '" + w.range() + "'");
                }
                continue;
            }
            Candidate c = pick(w, refs, indexes);
            chosen.put(w.id(), c);
            for (PluginDependency d : c.release().dependencies()) {
                if (d.optional()) {
                    continue;
                }
                Optional<LockEntry> inst = lock.entry(d.id());
                if (inst.isPresent() && d.acceptsVersion(inst.get().version()) && !chosen.containsKey(d.id())) {
                    continue;
                }
                queue.add(new Want(d.id(), d.range(), c.plugin().id() + "@" + c.release().version()));
            }
        }
        Path staging = newStagingDir();
        try {
            List<InstallPlan.Step> steps = new ArrayList<>();
            for (Candidate c : chosen.values()) {
                steps.add(stage(c, staging, lock));
            }
            checkResultingSet(lock, steps);
            Map<String, Long> gens = new HashMap<>();
            for (RegistryRef r : refs) {
                gens.put(RegistrySource.of(r.location()).location(), indexes.get(r.name()).index().generation());
            }
            return new InstallPlan(steps, staging, gens);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    private Candidate pick(Want w, List<RegistryRef> refs, Map<String, SignedIndex> indexes) {
        List<String> incompatible = new ArrayList<>();
        for (RegistryRef r : refs) {
            SignedIndex si = indexes.get(r.name());
            Optional<PluginIndex.Plugin> p = si.index().plugin(w.id());
            if (p.isEmpty()) {
                continue;
            }
            List<PluginIndex.Release> inRange = p.get().releases().stream()
                    .filter(rel -> w.range().equals("*") || Versions.satisfies(rel.version(), w.range()))
                    .sorted((a, b) -> Versions.compare(b.version(), a.version())).toList();
            for (PluginIndex.Release rel : inRange) {
                List<String> why = host.incompatibilities(rel.asDescriptor(w.id()));
                if (why.isEmpty()) {
                    return new Candidate(rel, p.get(), r.name(), RegistrySource.of(r.location()), si.signed());
                }
                incompatible.addAll(why);
            }
            if (!incompatible.isEmpty()) {
                throw new RefusedException(Reason.INCOMPATIBLE, "no release of '" + w.id() + "' in '" + w.range()
                        + "' runs on this host: " + String.join("; ", incompatible));
            }
        }
        String what = "plugin '" + w.id() + "'" + (w.range().equals("*") ? "" : " in '" + w.range() + "'")
                + " is not in any configured registry (" + String.join(", ", refs.stream().map(RegistryRef::name).toList()) + ")";
        if (w.neededBy() != null) {
            throw new RefusedException(Reason.MISSING_DEPENDENCY, w.neededBy() + " needs " + what);
        }
        throw new RefusedException(Reason.NOT_FOUND, what);
    }

    private InstallPlan.Step stage(Candidate c, Path staging, Lockfile lock) throws IOException {
        PluginIndex.Release rel = c.release();
        String id = c.plugin().id();
        Path jar = staging.resolve(id + ".jar");
        MessageDigest md = Digests.sha256();
        long n = 0;
        try (InputStream in = c.source().openArtifact(rel.url());
             OutputStream out = Files.newOutputStream(jar, StandardOpenOption.CREATE_NEW)) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
                if (n > rel.size()) {
                    throw new RefusedException(Reason.CHECKSUM_MISMATCH, id + "@" + rel.version() + " from " + c.registry()
                            + ": the jar is larger than the " + rel.size() + " bytes the index states");
                }
                md.update(buf, 0, k);
                out.write(buf, 0, k);
            }
        }
        if (n != rel.size()) {
            throw new RefusedException(Reason.CHECKSUM_MISMATCH, id + "@" + rel.version() + " from " + c.registry()
                    + ": the jar has " + n + " bytes, the index states " + rel.size());
        }
        String sha = HexFormat.of().formatHex(md.digest());
        if (!sha.equals(rel.sha256())) {
            throw new RefusedException(Reason.CHECKSUM_MISMATCH, id + "@" + rel.version() + " from " + c.registry()
                    + ": SHA-256 mismatch: the jar has " + sha + ", the signed index states " + rel.sha256()
                    + "; the jar was tampered with or corrupted");
        }
        PluginDescriptor d = PluginJars.inspect(jar);
        PluginDescriptor promised = rel.asDescriptor(id);
        if (!d.id().equals(id) || !d.version().equals(rel.version()) || !d.requires().equals(promised.requires())
                || !d.spiRequires().equals(promised.spiRequires()) || !d.dependencies().equals(promised.dependencies())) {
            throw new RefusedException(Reason.MALFORMED, id + "@" + rel.version() + " from " + c.registry()
                    + ": the jar's manifest (" + d.label() + ", API " + d.requires() + ", SPIs " + d.spiRequiresManifestForm()
                    + ") does not match the index entry");
        }
        return step(d, jar, sha, n, "registry:" + c.registry(), c.signed(), lock);
    }

    private InstallPlan.Step step(PluginDescriptor d, Path jar, String sha, long size, String source, boolean signed,
                                  Lockfile lock) {
        List<String> why = host.incompatibilities(d);
        if (!why.isEmpty()) {
            throw new RefusedException(Reason.INCOMPATIBLE, String.join("; ", why));
        }
        LockEntry old = lock.entry(d.id()).orElse(null);
        InstallPlan.Action a = old == null ? InstallPlan.Action.INSTALL
                : switch (Integer.signum(Versions.compare(d.version(), old.version()))) {
                    case 1 -> InstallPlan.Action.UPDATE;
                    case -1 -> InstallPlan.Action.DOWNGRADE;
                    default -> InstallPlan.Action.REINSTALL;
                };
        return new InstallPlan.Step(a, d, jar, sha, size, source, signed, old);
    }

    /**
     * Plans installing local jars. A local jar carries no signature, so this requires {@code allowUnsigned}.
     *
     * @param jars          the jar files
     * @param allowUnsigned the user's explicit {@code --allow-unsigned}
     * @return the checked plan
     * @throws RefusedException {@link Reason#UNSIGNED} without {@code allowUnsigned}; otherwise as for registry installs
     */
    public InstallPlan planLocal(List<Path> jars, boolean allowUnsigned) throws IOException {
        if (!allowUnsigned) {
            throw new RefusedException(Reason.UNSIGNED, "a local jar has no signature: "
                    + String.join(", ", jars.stream().map(Path::toString).toList())
                    + "; install it with --allow-unsigned if you trust it, or publish it to a signed registry");
        }
        Lockfile lock = lock();
        Path staging = newStagingDir();
        try {
            List<InstallPlan.Step> steps = new ArrayList<>();
            Map<String, Path> seenIds = new HashMap<>();
            for (Path src : jars) {
                PluginDescriptor d = PluginJars.inspect(src);
                Path prev = seenIds.put(d.id(), src);
                if (prev != null) {
                    throw new RefusedException(Reason.DUPLICATE_ID, "two plugins with one id '" + d.id() + "': "
                            + prev + " and " + src);
                }
                Path jar = staging.resolve(d.id() + ".jar");
                Files.copy(src, jar);
                String sha = Digests.sha256(jar);
                if (!PluginJars.inspect(jar).equals(d)) {
                    throw new RefusedException(Reason.CHECKSUM_MISMATCH, src + " changed while it was being copied");
                }
                steps.add(step(d, jar, sha, Files.size(jar), "file:" + src.toAbsolutePath().normalize(), false, lock));
            }
            checkResultingSet(lock, steps);
            return new InstallPlan(steps, staging, Map.of());
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /**
     * Checks the plugins that would be installed after the steps: every required dependency present with a
     * version in range, and no dependency cycle.
     */
    private void checkResultingSet(Lockfile lock, List<InstallPlan.Step> steps) throws IOException {
        Map<String, PluginDescriptor> after = new LinkedHashMap<>();
        for (LockEntry e : lock.plugins()) {
            Path jar = home.jarOf(e.id());
            if (Files.exists(jar)) {
                after.put(e.id(), PluginJars.inspect(jar));
            }
        }
        for (InstallPlan.Step s : steps) {
            if (s.action() == InstallPlan.Action.REMOVE) {
                after.remove(s.id());
            } else {
                after.put(s.id(), s.descriptor());
            }
        }
        checkDependencies(after);
    }

    /**
     * Checks a set of plugins for missing dependencies, versions out of range and cycles.
     *
     * @param plugins id to descriptor
     * @throws RefusedException {@link Reason#MISSING_DEPENDENCY} or {@link Reason#DEPENDENCY_CYCLE}
     */
    public static void checkDependencies(Map<String, PluginDescriptor> plugins) {
        for (PluginDescriptor d : plugins.values()) {
            for (PluginDependency dep : d.dependencies()) {
                PluginDescriptor target = plugins.get(dep.id());
                if (target == null) {
                    if (!dep.optional()) {
                        throw new RefusedException(Reason.MISSING_DEPENDENCY, d.label() + " needs plugin '" + dep.id()
                                + "'" + (dep.range().equals("*") ? "" : " " + dep.range())
                                + ", which is neither installed nor available to install");
                    }
                } else if (!dep.acceptsVersion(target.version())) {
                    throw new RefusedException(Reason.MISSING_DEPENDENCY, d.label() + " needs plugin '" + dep.id()
                            + "' " + dep.range() + ", but " + target.label() + " would be installed");
                }
            }
        }
        Map<String, Integer> state = new HashMap<>();
        for (String id : plugins.keySet()) {
            List<String> cycle = findCycle(id, plugins, state, new ArrayList<>());
            if (cycle != null) {
                throw new RefusedException(Reason.DEPENDENCY_CYCLE, "plugins depend on each other in a cycle: "
                        + String.join(" -> ", cycle));
            }
        }
    }

    private static List<String> findCycle(String id, Map<String, PluginDescriptor> plugins, Map<String, Integer> state,
                                          List<String> path) {
        int s = state.getOrDefault(id, 0);
        if (s == 2) {
            return null;
        }
        if (s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        PluginDescriptor d = plugins.get(id);
        if (d != null) {
            for (PluginDependency dep : d.dependencies()) {
                if (plugins.containsKey(dep.id())) {
                    List<String> c = findCycle(dep.id(), plugins, state, path);
                    if (c != null) {
                        return c;
                    }
                }
            }
        }
        path.removeLast();
        state.put(id, 2);
        return null;
    }

    /**
     * Plans removing a plugin.
     *
     * @param id    the plugin
     * @param force remove it even if installed plugins need it
     * @throws RefusedException {@link Reason#NOT_FOUND} or {@link Reason#CONFLICT} naming the dependents
     */
    public InstallPlan planRemove(String id, boolean force) throws IOException {
        Lockfile lock = lock();
        LockEntry e = lock.entry(id).orElseThrow(() -> new RefusedException(Reason.NOT_FOUND,
                "plugin '" + id + "' is not installed; installed: " + ids(lock)));
        PluginDescriptor d = PluginJars.inspect(home.jarOf(id));
        InstallPlan.Step step = new InstallPlan.Step(InstallPlan.Action.REMOVE, d, null, null, 0, e.source(), e.signed(), e);
        if (!force) {
            List<String> needs = new ArrayList<>();
            for (LockEntry o : lock.plugins()) {
                if (o.id().equals(id) || !Files.exists(home.jarOf(o.id()))) {
                    continue;
                }
                PluginDescriptor od = PluginJars.inspect(home.jarOf(o.id()));
                if (od.dependencies().stream().anyMatch(x -> x.id().equals(id) && !x.optional())) {
                    needs.add(od.label());
                }
            }
            if (!needs.isEmpty()) {
                throw new RefusedException(Reason.CONFLICT, "cannot remove '" + id + "': needed by "
                        + String.join(", ", needs) + " (use --force to remove it anyway)");
            }
        }
        return new InstallPlan(List.of(step), newStagingDir(), Map.of());
    }

    /**
     * Plans restoring the version a plugin had before its last change.
     *
     * @param id the plugin
     * @throws RefusedException {@link Reason#NOT_FOUND} if there is no previous version, or
     *                          {@link Reason#CHECKSUM_MISMATCH} if the kept jar changed
     */
    public InstallPlan planRollback(String id) throws IOException {
        Path prevJar = home.previous().resolve(id + ".jar");
        Path prevEntry = home.previous().resolve(id + ".json");
        if (!Files.exists(prevJar) || !Files.exists(prevEntry)) {
            throw new RefusedException(Reason.NOT_FOUND, "no previous version of '" + id + "' is kept in " + home.previous());
        }
        LockEntry e = Lockfile.GSON.fromJson(Files.readString(prevEntry, StandardCharsets.UTF_8), LockEntry.class);
        Lockfile lock = lock();
        Path staging = newStagingDir();
        try {
            Path jar = staging.resolve(id + ".jar");
            Files.copy(prevJar, jar);
            String sha = Digests.sha256(jar);
            if (!sha.equals(e.sha256())) {
                throw new RefusedException(Reason.CHECKSUM_MISMATCH, prevJar + ": SHA-256 " + sha
                        + " differs from the recorded " + e.sha256() + "; the kept jar was changed");
            }
            PluginDescriptor d = PluginJars.inspect(jar);
            InstallPlan.Step s = step(d, jar, sha, Files.size(jar), e.source(), e.signed(), lock);
            checkResultingSet(lock, List.of(s));
            return new InstallPlan(List.of(s), staging, Map.of());
        } catch (IOException | RuntimeException ex) {
            deleteTree(staging);
            throw ex;
        }
    }

    /** Deletes a plan's staged files without changing anything else. */
    public void discard(InstallPlan plan) throws IOException {
        deleteTree(plan.stagingDir());
    }

    // ------------------------------------------------------------------ commit and recovery

    /** The journal of a commit in progress. */
    private record Journal(List<JournalEntry> entries, Lockfile lockAfter) {
    }

    private record JournalEntry(String id, boolean hadOld, boolean removal, LockEntry oldEntry) {
    }

    /**
     * Applies a plan atomically: afterwards either every step is installed and recorded in the lockfile, or, if
     * anything failed, everything is as it was before. The replaced versions are kept for {@link #rollback}.
     *
     * @param plan a plan from this installer
     * @return the new lockfile
     * @throws IOException if a file operation failed; the change was then rolled back
     */
    public Lockfile commit(InstallPlan plan) throws IOException {
        try (FileLock ignored = lockHome()) {
            recoverLocked(false);
            Lockfile before = lock();
            Lockfile after = before;
            List<JournalEntry> entries = new ArrayList<>();
            String now = Instant.now(clock).toString();
            for (InstallPlan.Step s : plan.steps()) {
                boolean hadOld = Files.exists(home.jarOf(s.id()));
                entries.add(new JournalEntry(s.id(), hadOld, s.action() == InstallPlan.Action.REMOVE,
                        before.entry(s.id()).orElse(null)));
                after = s.action() == InstallPlan.Action.REMOVE ? after.without(s.id())
                        : after.with(new LockEntry(s.id(), s.descriptor().version(), s.sha256(), s.size(), s.source(),
                        s.signed(), now));
            }
            Path txn = home.transaction();
            Files.createDirectories(txn);
            AtomicFiles.write(txn.resolve("journal.json"),
                    Lockfile.GSON.toJson(new Journal(entries, after)).getBytes(StandardCharsets.UTF_8));
            observer.reached(InstallObserver.Stage.JOURNAL_WRITTEN, null);
            try {
                for (JournalEntry e : entries) {
                    if (e.hadOld()) {
                        Path tmp = Files.createTempFile(txn, ".tmp-", ".jar");
                        Files.copy(home.jarOf(e.id()), tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, txn.resolve(e.id() + ".jar"), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                        observer.reached(InstallObserver.Stage.BACKED_UP, e.id());
                    }
                }
                Files.createDirectories(home.plugins());
                for (InstallPlan.Step s : plan.steps()) {
                    if (s.action() == InstallPlan.Action.REMOVE) {
                        Files.deleteIfExists(home.jarOf(s.id()));
                    } else {
                        mover.move(s.stagedJar(), home.jarOf(s.id()));
                    }
                    observer.reached(InstallObserver.Stage.MOVED, s.id());
                }
                after.write(home.lockFile());
            } catch (IOException | RuntimeException | Error e) {
                try {
                    rollBackJournal();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                deleteTree(plan.stagingDir());
                throw e;
            }
            observer.reached(InstallObserver.Stage.LOCK_WRITTEN, null);
            Map<String, Long> seen = new HashMap<>(RegistryState.read(home.registryStateFile()));
            plan.generationsSeen().forEach((k, v) -> seen.merge(k, v, Math::max));
            RegistryState.write(home.registryStateFile(), seen);
            finishJournal();
            deleteTree(plan.stagingDir());
            return after;
        }
    }

    /**
     * Finishes or undoes a change interrupted by a crash or a kill, and deletes leftover staged files. Every
     * command calls it first. Does nothing when no change was interrupted.
     *
     * @return whether an interrupted change was found
     * @throws IOException if a file operation failed
     */
    public boolean recover() throws IOException {
        if (!Files.exists(home.transaction()) && !Files.exists(home.staging())) {
            return false;
        }
        try (FileLock ignored = lockHome()) {
            return recoverLocked(true);
        }
    }

    private boolean recoverLocked(boolean cleanStaging) throws IOException {
        boolean found = false;
        Path journal = home.transaction().resolve("journal.json");
        if (Files.exists(journal)) {
            found = true;
            Journal j = readJournal();
            if (lock().equals(j.lockAfter())) {
                finishJournal();
            } else {
                rollBackJournal();
            }
        } else if (Files.exists(home.transaction())) {
            found = true;
            deleteTree(home.transaction());
        }
        if (cleanStaging && Files.exists(home.staging())) {
            deleteTree(home.staging());
        }
        return found;
    }

    private Journal readJournal() throws IOException {
        return Lockfile.GSON.fromJson(Files.readString(home.transaction().resolve("journal.json"), StandardCharsets.UTF_8),
                Journal.class);
    }

    /** Restores every jar named in the journal to its state before the change, then deletes the journal. */
    private void rollBackJournal() throws IOException {
        Path txn = home.transaction();
        Journal j = readJournal();
        for (JournalEntry e : j.entries()) {
            Path backup = txn.resolve(e.id() + ".jar");
            if (e.hadOld()) {
                if (Files.exists(backup)) {
                    FileMover.ATOMIC.move(backup, home.jarOf(e.id()));
                }
                // no backup yet: no move had started, so the installed jar is untouched
            } else {
                Files.deleteIfExists(home.jarOf(e.id()));
            }
        }
        deleteTree(txn);
    }

    /** After the lockfile is written: keep the replaced jars as the previous versions and delete the journal. */
    private void finishJournal() throws IOException {
        Path txn = home.transaction();
        Journal j = readJournal();
        Files.createDirectories(home.previous());
        for (JournalEntry e : j.entries()) {
            Path backup = txn.resolve(e.id() + ".jar");
            if (e.hadOld() && Files.exists(backup) && e.oldEntry() != null) {
                AtomicFiles.write(home.previous().resolve(e.id() + ".json"),
                        Lockfile.GSON.toJson(e.oldEntry()).getBytes(StandardCharsets.UTF_8));
                FileMover.ATOMIC.move(backup, home.previous().resolve(e.id() + ".jar"));
            }
        }
        deleteTree(txn);
    }

    // ------------------------------------------------------------------ verify, enable, disable

    /**
     * Checks every installed plugin: its jar exists, has the SHA-256 and size in the lockfile, is a safe jar
     * whose manifest names the recorded id and version, and is compatible with this host; and no jar in the
     * plugins directory is unknown to the lockfile.
     *
     * @return one line per problem, each naming the plugin and file; empty when everything matches
     */
    public List<String> verify() throws IOException {
        List<String> problems = new ArrayList<>();
        Lockfile lock = lock();
        Set<Path> known = new LinkedHashSet<>();
        for (LockEntry e : lock.plugins()) {
            Path jar = home.jarOf(e.id());
            known.add(jar);
            if (!Files.exists(jar)) {
                problems.add(e.id() + ": " + jar + " is missing");
                continue;
            }
            String sha = Digests.sha256(jar);
            if (!sha.equals(e.sha256()) || Files.size(jar) != e.size()) {
                problems.add(e.id() + ": " + jar + " changed after install: SHA-256 " + sha + ", expected " + e.sha256());
                continue;
            }
            try {
                PluginDescriptor d = PluginJars.inspect(jar);
                if (!d.id().equals(e.id()) || !d.version().equals(e.version())) {
                    problems.add(e.id() + ": " + jar + " holds " + d.label() + ", the lockfile says " + e.id() + "@" + e.version());
                }
                host.incompatibilities(d).forEach(w -> problems.add(e.id() + ": incompatible: " + w));
            } catch (RefusedException ex) {
                problems.add(e.id() + ": " + ex.getMessage());
            }
        }
        if (Files.isDirectory(home.plugins())) {
            try (Stream<Path> s = Files.list(home.plugins())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    if (!known.contains(p)) {
                        problems.add(p.getFileName() + ": " + p + " is not in the lockfile (not installed by graft)");
                    }
                }
            }
        }
        return problems;
    }

    /** @return the ids listed in {@code plugins/disabled.txt} */
    public Set<String> disabled() throws IOException {
        return readDisabled(home);
    }

    /**
     * Reads the disabled-plugins list of a home.
     *
     * @return the disabled ids
     */
    public static Set<String> readDisabled(GraftHome home) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (Files.exists(home.disabledFile())) {
            for (String line : Files.readAllLines(home.disabledFile(), StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * Enables or disables an installed plugin (kept in {@code plugins/disabled.txt}).
     *
     * @throws RefusedException ({@link Reason#NOT_FOUND}) if it is not installed
     */
    public void setEnabled(String id, boolean enabled) throws IOException {
        try (FileLock ignored = lockHome()) {
            Lockfile lock = lock();
            if (lock.entry(id).isEmpty()) {
                throw new RefusedException(Reason.NOT_FOUND, "plugin '" + id + "' is not installed; installed: " + ids(lock));
            }
            Set<String> d = disabled();
            boolean changed = enabled ? d.remove(id) : d.add(id);
            if (changed) {
                StringBuilder sb = new StringBuilder("# disabled plugins, one id a line\n");
                d.stream().sorted().forEach(x -> sb.append(x).append('\n'));
                AtomicFiles.write(home.disabledFile(), sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private FileLock lockHome() throws IOException {
        Files.createDirectories(home.root());
        FileChannel ch = FileChannel.open(home.mutex(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new RefusedException(Reason.CONFLICT, home.root() + " is being changed by another graft command; try again");
            }
            return new FileLock(ch, 0, Long.MAX_VALUE, false) {
                @Override
                public boolean isValid() {
                    return l.isValid();
                }

                @Override
                public void release() throws IOException {
                    l.release();
                    ch.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private Path newStagingDir() throws IOException {
        Files.createDirectories(home.staging());
        return Files.createTempDirectory(home.staging(), "plan-");
    }

    private static String names(RegistryConfig c) {
        return c.registries().isEmpty() ? "(none)" : String.join(", ", c.registries().stream().map(RegistryRef::name).toList());
    }

    private static String ids(Lockfile l) {
        return l.plugins().isEmpty() ? "(none)" : String.join(", ", l.plugins().stream().map(LockEntry::id).toList());
    }

    static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** The highest index generation committed per registry location. */
    static final class RegistryState {
        private RegistryState() {
        }

        static Map<String, Long> read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return Map.of();
            }
            Map<String, Long> m = Lockfile.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<Map<String, Long>>() { }.getType());
            return m == null ? Map.of() : m;
        }

        static void write(Path file, Map<String, Long> m) throws IOException {
            AtomicFiles.write(file, (Lockfile.GSON.toJson(new java.util.TreeMap<>(m)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
