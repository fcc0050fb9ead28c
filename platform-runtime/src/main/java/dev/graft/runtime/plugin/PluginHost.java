package dev.graft.runtime.plugin;

import dev.graft.api.spi.Spi;
import dev.graft.registry.HostProfile;
import dev.graft.registry.PluginDependency;
import dev.graft.registry.PluginDescriptor;
import dev.graft.registry.PluginJars;
import dev.graft.registry.RefusedException;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.Installer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginFactory;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * Loads and starts the plugins installed in a {@link GraftHome}, and offers their extensions.
 *
 * <p>Before PF4J sees a jar, the host reads its manifest without loading classes and leaves the plugin out,
 * with a reason, when: the jar or descriptor is unusable; two jars carry the same id; the user disabled it; its
 * API or SPI ranges exclude this host; a required dependency is missing, left out, or outside its range; or it
 * is part of a dependency cycle. The rest are loaded by a {@link JarPluginManager} whose system version is this
 * host's API version (so PF4J's own {@code Plugin-Requires} check is active too), in dependency order, and
 * started one by one: a plugin whose {@code start()} throws, or whose dependency failed, is marked
 * {@link PluginState#FAILED}. Extensions are read from each started plugin's own
 * {@code META-INF/services/<SPI>} entries and created once; an extension that cannot be created fails its
 * plugin. Nothing a plugin does in these steps stops the host or other plugins.
 *
 * <p>Close the host to stop and unload the plugins. Not thread-safe.
 */
public final class PluginHost implements AutoCloseable {
    private final PluginManager manager;
    private final Map<String, PluginStatus> statuses;
    private final Map<Spi, List<Contribution<?>>> extensions;

    private PluginHost(PluginManager manager, Map<String, PluginStatus> statuses, Map<Spi, List<Contribution<?>>> extensions) {
        this.manager = manager;
        this.statuses = statuses;
        this.extensions = extensions;
    }

    /**
     * Loads and starts every installed plugin.
     *
     * @param home    the Graft home whose {@code plugins/} directory is loaded
     * @param profile the host's API and SPI versions
     * @return the running host
     * @throws IOException if the plugins directory cannot be listed
     */
    public static PluginHost open(GraftHome home, HostProfile profile) throws IOException {
        Map<String, PluginStatus> statuses = new LinkedHashMap<>();
        List<PluginStatus> candidates = new ArrayList<>();
        Path dir = home.plugins();
        List<Path> jars = List.of();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
            }
        }
        for (Path jar : jars) {
            try {
                candidates.add(new PluginStatus(jar, PluginJars.inspect(jar), PluginState.STARTED, ""));
            } catch (RefusedException e) {
                statuses.put(jar.getFileName().toString(), new PluginStatus(jar, null, PluginState.INVALID, e.getMessage()));
            }
        }
        // Two jars with one id: neither is loaded.
        Map<String, List<PluginStatus>> byId = new LinkedHashMap<>();
        candidates.forEach(c -> byId.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c));
        Set<String> disabled = Installer.readDisabled(home);
        Map<String, PluginStatus> live = new LinkedHashMap<>();
        byId.forEach((id, list) -> {
            if (list.size() > 1) {
                String files = String.join(", ", list.stream().map(c -> c.jar().getFileName().toString()).toList());
                for (PluginStatus c : list) {
                    statuses.put(c.jar().getFileName().toString(), c.with(PluginState.INVALID,
                            "two plugins with one id '" + id + "' (" + files + "); neither is loaded"));
                }
                return;
            }
            PluginStatus c = list.getFirst();
            if (disabled.contains(id)) {
                statuses.put(id, c.with(PluginState.DISABLED, "disabled by the user ('graft plugin enable " + id + "' enables it)"));
                return;
            }
            List<String> why = profile.incompatibilities(c.descriptor());
            if (!why.isEmpty()) {
                statuses.put(id, c.with(PluginState.INCOMPATIBLE, String.join("; ", why)));
                return;
            }
            live.put(id, c);
        });
        // Leave out plugins whose required dependencies are not there, until nothing changes.
        for (boolean changed = true; changed; ) {
            changed = false;
            for (PluginStatus c : List.copyOf(live.values())) {
                for (PluginDependency d : c.descriptor().dependencies()) {
                    PluginStatus target = live.get(d.id());
                    String problem = null;
                    if (target == null && !d.optional()) {
                        PluginStatus other = statuses.get(d.id());
                        problem = "needs plugin '" + d.id() + "'" + (d.range().equals("*") ? "" : " " + d.range()) + ", which is "
                                + (other == null ? "not installed" : other.state().name().toLowerCase(java.util.Locale.ROOT));
                    } else if (target != null && !d.acceptsVersion(target.version())) {
                        problem = "needs plugin '" + d.id() + "' " + d.range() + ", but " + target.descriptor().label() + " is installed";
                    }
                    if (problem != null) {
                        live.remove(c.id());
                        statuses.put(c.id(), c.with(PluginState.INVALID, problem));
                        changed = true;
                        break;
                    }
                }
            }
        }
        List<String> order = topologicalOrder(live, statuses);
        PluginManager pm = new GraftPluginManager(dir, profile.apiVersion());
        for (String id : order) {
            PluginStatus c = live.get(id);
            try {
                String loaded = pm.loadPlugin(c.jar());
                if (!loaded.equals(id)) {
                    throw new IllegalStateException("PF4J read id '" + loaded + "'");
                }
            } catch (RuntimeException | LinkageError e) {
                statuses.put(id, c.with(PluginState.INVALID, "cannot be loaded: " + describe(e)));
            }
        }
        // Start in dependency order; a plugin whose dependency did not start fails too.
        for (String id : order) {
            if (statuses.containsKey(id)) {
                continue;
            }
            PluginStatus c = live.get(id);
            String failedDep = c.descriptor().dependencies().stream()
                    .filter(d -> !d.optional() && statuses.containsKey(d.id()) && statuses.get(d.id()).state() != PluginState.STARTED)
                    .map(PluginDependency::id).findFirst().orElse(null);
            if (failedDep != null) {
                statuses.put(id, c.with(PluginState.FAILED, "its dependency '" + failedDep + "' did not start"));
                continue;
            }
            try {
                pm.startPlugin(id);
                statuses.put(id, c);
            } catch (RuntimeException | LinkageError e) {
                statuses.put(id, c.with(PluginState.FAILED, "start() failed: " + describe(e)));
            }
        }
        Map<Spi, List<Contribution<?>>> ext = new LinkedHashMap<>();
        for (Spi s : Spi.values()) {
            ext.put(s, new ArrayList<>());
        }
        for (String id : order) {
            PluginStatus c = statuses.get(id);
            if (c.state() != PluginState.STARTED) {
                continue;
            }
            try {
                Map<Spi, List<Contribution<?>>> mine = createExtensions(pm.getPlugin(id), c.descriptor());
                mine.forEach((s, l) -> ext.get(s).addAll(l));
            } catch (RuntimeException | LinkageError e) {
                statuses.put(id, c.with(PluginState.FAILED, describe(e)));
                stopQuietly(pm, id);
            }
        }
        // list in a stable order: by id
        Map<String, PluginStatus> sorted = new LinkedHashMap<>();
        statuses.values().stream().sorted(java.util.Comparator.comparing(PluginStatus::id))
                .forEach(st -> sorted.put(st.jar().getFileName().toString(), st));
        return new PluginHost(pm, sorted, ext);
    }

    private static List<String> topologicalOrder(Map<String, PluginStatus> live, Map<String, PluginStatus> statuses) {
        List<String> order = new ArrayList<>();
        Map<String, Integer> mark = new HashMap<>();
        for (String id : List.copyOf(live.keySet())) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(id, live, mark, path, order);
            if (cycle != null) {
                for (String member : new LinkedHashSet<>(cycle)) {
                    PluginStatus c = live.remove(member);
                    if (c != null) {
                        statuses.put(member, c.with(PluginState.INVALID, "dependency cycle: " + String.join(" -> ", cycle)));
                    }
                }
                return topologicalOrder(live, statuses);
            }
        }
        return order;
    }

    private static List<String> visit(String id, Map<String, PluginStatus> live, Map<String, Integer> mark,
                                      List<String> path, List<String> order) {
        int m = mark.getOrDefault(id, 0);
        if (m == 2) {
            return null;
        }
        if (m == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        mark.put(id, 1);
        path.add(id);
        for (PluginDependency d : live.get(id).descriptor().dependencies()) {
            if (live.containsKey(d.id())) {
                List<String> c = visit(d.id(), live, mark, path, order);
                if (c != null) {
                    return c;
                }
            }
        }
        path.removeLast();
        mark.put(id, 2);
        order.add(id);
        return null;
    }

    private static Map<Spi, List<Contribution<?>>> createExtensions(PluginWrapper w, PluginDescriptor d) {
        Map<Spi, List<Contribution<?>>> out = new LinkedHashMap<>();
        ClassLoader cl = w.getPluginClassLoader();
        for (Spi s : Spi.values()) {
            List<Contribution<?>> list = new ArrayList<>();
            for (String name : serviceEntries(cl, s.type())) {
                Class<?> c;
                try {
                    c = cl.loadClass(name);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("META-INF/services/" + s.type().getName() + " names " + name
                            + ", which is not in the jar", e);
                }
                if (c.getClassLoader() != cl || !s.type().isAssignableFrom(c)) {
                    throw new IllegalStateException("META-INF/services/" + s.type().getName() + " names " + name
                            + ", which " + (c.getClassLoader() != cl ? "is not the plugin's own class" : "does not implement it"));
                }
                Object instance;
                try {
                    instance = c.getConstructor().newInstance();
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new IllegalStateException("extension " + name + " threw in its constructor: " + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("extension " + name + " needs a public no-argument constructor", e);
                }
                list.add(new Contribution<>(d.id(), d.version(), instance));
            }
            if (!list.isEmpty() && !d.spiRequires().containsKey(s.id())) {
                throw new IllegalStateException("implements SPI '" + s.id() + "' but its manifest's Graft-Spi-Requires "
                        + "does not name it, so its compatibility cannot be checked; add " + s.id() + "=>=" + s.version()
                        + " & <" + (Integer.parseInt(s.version().split("\\.")[0]) + 1) + ".0.0");
            }
            out.put(s, list);
        }
        return out;
    }

    private static List<String> serviceEntries(ClassLoader cl, Class<?> type) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> urls = cl instanceof PluginClassLoader pcl
                    ? pcl.findResources("META-INF/services/" + type.getName())
                    : Collections.emptyEnumeration();
            while (urls.hasMoreElements()) {
                URL u = urls.nextElement();
                java.net.URLConnection conn = u.openConnection();
                // A jar replaced on disk (install, update, rollback) must be read afresh, not from the JVM's jar cache.
                conn.setUseCaches(false);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        int hash = line.indexOf('#');
                        String t = (hash >= 0 ? line.substring(0, hash) : line).trim();
                        if (!t.isEmpty()) {
                            names.add(t);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read META-INF/services/" + type.getName(), e);
        }
        return names;
    }

    private static void stopQuietly(PluginManager pm, String id) {
        try {
            pm.stopPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            // the plugin is already reported as failed; a failing stop adds nothing the user can act on
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            String m = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (!sb.toString().contains(m)) {
                sb.append(" (caused by ").append(m).append(')');
            }
        }
        return sb.toString();
    }

    /** @return every installed plugin with what became of it, sorted by id */
    public List<PluginStatus> plugins() {
        return List.copyOf(statuses.values());
    }

    /**
     * @param spi  an SPI
     * @param type its interface (must equal {@code spi.type()})
     * @return the extensions the started plugins offer for it, in load order
     */
    @SuppressWarnings("unchecked")
    public <T> List<Contribution<T>> extensions(Spi spi, Class<T> type) {
        if (spi.type() != type) {
            throw new IllegalArgumentException(spi + " is implemented by " + spi.type().getName() + ", not " + type.getName());
        }
        List<Contribution<T>> out = new ArrayList<>();
        for (Contribution<?> c : extensions.get(spi)) {
            out.add((Contribution<T>) c);
        }
        return out;
    }

    /**
     * @param spi an SPI
     * @return the extensions the started plugins offer for it, untyped (for listings)
     */
    public List<Contribution<?>> extensionsOf(Spi spi) {
        return List.copyOf(extensions.get(spi));
    }

    /**
     * Marks a started plugin failed after one of its extensions misbehaved (e.g. threw from {@code name()}).
     *
     * @param pluginId the plugin
     * @param reason   what happened
     */
    public void fail(String pluginId, String reason) {
        statuses.replaceAll((k, st) -> st.id().equals(pluginId) && st.state() == PluginState.STARTED
                ? st.with(PluginState.FAILED, reason) : st);
        extensions.values().forEach(l -> l.removeIf(c -> c.pluginId().equals(pluginId)));
    }

    /** Stops every started plugin (errors in {@code stop()} are ignored) and unloads them all. */
    @Override
    public void close() {
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper w : started) {
            stopQuietly(manager, w.getPluginId());
        }
        for (PluginWrapper w : new ArrayList<>(manager.getPlugins())) {
            try {
                manager.unloadPlugin(w.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                // unloading only closes class loaders; nothing to report once the run is over
            }
        }
        extensions.clear();
    }

    /** PF4J's jar manager with Graft's lifecycle factory and its system version set. */
    private static final class GraftPluginManager extends JarPluginManager {
        GraftPluginManager(Path root, String systemVersion) {
            super(root);
            setSystemVersion(systemVersion);
            setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
        }

        @Override
        protected PluginFactory createPluginFactory() {
            return new GraftPluginFactory();
        }
    }
}
