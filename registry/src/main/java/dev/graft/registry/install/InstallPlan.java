package dev.graft.registry.install;

import dev.graft.registry.PluginDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checked change to the installed plugins, ready to be shown to the user and committed: every jar is staged,
 * hashed, inspected and found compatible, and the resulting set of plugins has all its dependencies and no
 * cycle. Committing it ({@link Installer#commit}) is all-or-nothing; discarding it deletes the staged files.
 *
 * @param steps           what changes, one step per plugin
 * @param stagingDir      where the staged jars are
 * @param generationsSeen registry location to index generation, recorded when the plan is committed
 */
public record InstallPlan(List<Step> steps, Path stagingDir, Map<String, Long> generationsSeen) {
    public InstallPlan {
        steps = List.copyOf(steps);
        generationsSeen = Map.copyOf(generationsSeen);
    }

    /** What a step does. */
    public enum Action {
        /** a plugin that was not installed */
        INSTALL,
        /** a newer version replaces the installed one */
        UPDATE,
        /** an older version replaces the installed one */
        DOWNGRADE,
        /** the same version is installed again */
        REINSTALL,
        /** the plugin is removed */
        REMOVE
    }

    /**
     * One plugin's change.
     *
     * @param action     what happens
     * @param descriptor the new plugin (for {@link Action#REMOVE}: the removed one)
     * @param stagedJar  the checked jar to move into place, {@code null} for a removal
     * @param sha256     its SHA-256 ({@code null} for a removal)
     * @param size       its size
     * @param source     where it came from
     * @param signed     whether it came from a signed index
     * @param replaces   the lock entry it replaces, or {@code null}
     */
    public record Step(Action action, PluginDescriptor descriptor, Path stagedJar, String sha256, long size,
                       String source, boolean signed, LockEntry replaces) {
        public Step {
            Objects.requireNonNull(action);
            Objects.requireNonNull(descriptor);
        }

        /** @return the plugin id */
        public String id() {
            return descriptor.id();
        }
    }

    /** @return one line per step, e.g. {@code update  analyzer-x 1.0.0 -> 1.1.0  (registry:main, signed)} */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            String from = s.replaces() == null ? "" : s.replaces().version() + " -> ";
            String what = switch (s.action()) {
                case REMOVE -> "remove    " + s.id() + " " + s.descriptor().version();
                default -> String.format("%-9s %s %s%s  (%s, %s)", s.action().name().toLowerCase(java.util.Locale.ROOT),
                        s.id(), from, s.descriptor().version(), s.source(), s.signed() ? "signed index" : "UNSIGNED");
            };
            out.add(what);
            if (s.action() != Action.REMOVE) {
                String spi = s.descriptor().spiRequires().isEmpty() ? "" : "; SPIs " + String.join(", ",
                        s.descriptor().spiRequires().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                                .toList());
                String deps = s.descriptor().dependencies().isEmpty() ? "" : "; needs "
                        + String.join(", ", s.descriptor().dependencies().stream().map(d -> d.toManifestForm()).toList());
                out.add("          API " + s.descriptor().requires() + spi + deps + "; sha256 " + s.sha256().substring(0, 16));
            }
        }
        return out;
    }
}
