package dev.graft.registry.install;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.registry.AtomicFiles;
import dev.graft.registry.JsonProblems;
import dev.graft.registry.RefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The content of {@code plugins.lock}: every installed plugin with the hash of its jar. Immutable.
 *
 * @param schema  the format version, 1
 * @param plugins the entries, sorted by id, ids unique
 */
public record Lockfile(int schema, List<LockEntry> plugins) {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public Lockfile {
        plugins = plugins == null ? List.of()
                : plugins.stream().sorted(Comparator.comparing(LockEntry::id)).toList();
    }

    /** @return an empty lockfile */
    public static Lockfile empty() {
        return new Lockfile(1, List.of());
    }

    /** @return the entry of a plugin id */
    public Optional<LockEntry> entry(String id) {
        return plugins.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** @return a copy with this entry added or replaced */
    public Lockfile with(LockEntry e) {
        List<LockEntry> l = new ArrayList<>(plugins);
        l.removeIf(x -> x.id().equals(e.id()));
        l.add(e);
        return new Lockfile(schema, l);
    }

    /** @return a copy without that id */
    public Lockfile without(String id) {
        List<LockEntry> l = new ArrayList<>(plugins);
        l.removeIf(x -> x.id().equals(id));
        return new Lockfile(schema, l);
    }

    /**
     * @param file the lockfile; missing means empty
     * @return its content
     * @throws IOException if it cannot be read
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) naming the file
     */
    public static Lockfile read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            Lockfile l = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Lockfile.class);
            if (l == null || l.schema() != 1) {
                throw new RefusedException(RefusedException.Reason.MALFORMED, file + ": field 'schema' must be 1");
            }
            return l;
        } catch (JsonParseException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, file + ": not a valid lockfile ("
                    + JsonProblems.describe(e) + "); graft plugin install, update and remove write it: restore it from a"
                    + " backup, or move it aside and install the plugins again", e);
        }
    }

    /** Writes the lockfile atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, (GSON.toJson(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
