package dev.graft.api.data;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An on-disk cache of built datasets, one gzip JSON-lines file per dataset under
 * {@code DIR/BUNDLE_ID-bVERSION/}, so a cache never outlives the bundle or the builders it came from.
 * Files are written to a temporary file and moved into place atomically; a file that cannot be read
 * back (truncated, edited, from another version) is treated as absent and rebuilt. Safe for concurrent
 * use by several processes: readers see either no file or a complete one.
 */
public final class DatasetCache {
    /** Incremented whenever a builder's output changes, so older cache entries are ignored. */
    public static final int BUILDER_VERSION = 2;

    private final Path directory;
    private final Gson gson = new Gson();

    /**
     * @param root   the cache root, e.g. {@link DataHome#cacheDirectory()}
     * @param bundle the bundle whose datasets are cached
     */
    public DatasetCache(Path root, DataBundle bundle) {
        this.directory = root.resolve(bundle.id() + "-b" + BUILDER_VERSION);
    }

    /** @return the directory holding this bundle's cached datasets */
    public Path directory() {
        return directory;
    }

    private Path file(String name) {
        return directory.resolve(name + ".jsonl.gz");
    }

    /**
     * Reads a cached dataset.
     *
     * @param name the dataset name
     * @param type the record type of each line
     * @param <T>  the record type
     * @return the header and rows, or empty if there is no readable entry
     */
    <T> Optional<Entry<T>> read(String name, Class<T> type) {
        Path f = file(name);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
                StandardCharsets.UTF_8))) {
            String head = r.readLine();
            if (head == null) {
                return Optional.empty();
            }
            JsonObject header = JsonParser.parseString(head).getAsJsonObject();
            if (!name.equals(header.get("dataset").getAsString())) {
                return Optional.empty();
            }
            int count = header.get("count").getAsInt();
            List<T> rows = new ArrayList<>(count);
            String line;
            while ((line = r.readLine()) != null) {
                rows.add(gson.fromJson(line, type));
            }
            if (rows.size() != count) {
                return Optional.empty();
            }
            return Optional.of(new Entry<>(header, rows));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes a dataset atomically.
     *
     * @param name   the dataset name
     * @param header extra header fields (for example the label list)
     * @param rows   the rows
     * @throws UncheckedIOException if the cache directory cannot be written
     */
    void write(String name, JsonObject header, List<?> rows) {
        JsonObject h = header.deepCopy();
        h.addProperty("dataset", name);
        h.addProperty("builderVersion", BUILDER_VERSION);
        h.addProperty("count", rows.size());
        Path target = file(name);
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, name + ".", ".tmp");
            try {
                try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16), StandardCharsets.UTF_8))) {
                    w.write(h.toString());
                    w.write('\n');
                    for (Object row : rows) {
                        w.write(gson.toJson(row));
                        w.write('\n');
                    }
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dataset cache file " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * A cache entry.
     *
     * @param header the header object
     * @param rows   the rows
     * @param <T>    the row type
     */
    record Entry<T>(JsonObject header, List<T> rows) {
        List<String> strings(String key) {
            JsonArray a = header.getAsJsonArray(key);
            List<String> out = new ArrayList<>();
            a.forEach(e -> out.add(e.getAsString()));
            return out;
        }
    }
}
