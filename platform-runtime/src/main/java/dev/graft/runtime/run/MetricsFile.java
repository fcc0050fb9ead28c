package dev.graft.runtime.run;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.graft.api.spi.MetricsSink;
import dev.graft.registry.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code metrics.jsonl}: one JSON object per logged value, {@code {"step":10,"name":"loss","value":2.31}}, appended
 * and flushed line by line so that a killed run keeps what it logged. Non-finite values are written as
 * {@code null}.
 */
public final class MetricsFile implements MetricsSink, AutoCloseable {
    /** The file name in a run directory. */
    public static final String FILE = "metrics.jsonl";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-/]+");

    /**
     * One line of the file.
     *
     * @param step  the step
     * @param name  the metric
     * @param value the value, NaN for {@code null}
     */
    public record Point(long step, String name, double value) {
    }

    private final BufferedWriter out;

    /**
     * Opens the file for appending.
     *
     * @param runDir the run directory
     * @throws IOException if it cannot be opened
     */
    public MetricsFile(Path runDir) throws IOException {
        out = Files.newBufferedWriter(runDir.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void log(long step, String name, double value) {
        if (step < 0 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric '" + name + "' at step " + step
                    + ": the name must match " + NAME.pattern() + " and the step be >= 0");
        }
        JsonObject o = new JsonObject();
        o.addProperty("step", step);
        o.addProperty("name", name);
        if (Double.isFinite(value)) {
            o.addProperty("value", value);
        } else {
            o.add("value", JsonNull.INSTANCE);
        }
        try {
            out.write(o.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE, e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * @param runDir a run directory
     * @return every point in {@code metrics.jsonl}, in file order (empty if there is none)
     * @throws IllegalArgumentException naming the line if a line is not a metric
     */
    public static List<Point> read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        List<Point> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        int n = 0;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                double v = o.get("value") == null || o.get("value").isJsonNull() ? Double.NaN : o.get("value").getAsDouble();
                out.add(new Point(o.get("step").getAsLong(), o.get("name").getAsString(), v));
            } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
                throw new IllegalArgumentException(f + " line " + n + ": expected {\"step\":N,\"name\":\"...\",\"value\":x}");
            }
        }
        return out;
    }

    /**
     * Drops every point after a step, atomically: what a resumed run does before it continues from a checkpoint.
     *
     * @param runDir the run directory
     * @param step   the last step to keep
     */
    public static void truncateAfter(Path runDir, long step) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.exists(f)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            long s;
            try {
                s = JsonParser.parseString(line).getAsJsonObject().get("step").getAsLong();
            } catch (RuntimeException e) {
                // a line cut short by a kill: drop it
                continue;
            }
            if (s <= step) {
                sb.append(line).append('\n');
            }
        }
        AtomicFiles.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
