package dev.graft.runtime.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.api.internal.StrictJson;
import dev.graft.registry.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provenance of a run, {@code run.json}: what ran, with which versions, seed and backend, on which
 * machine, and how it ended. Field names are part of the file format and are kept.
 *
 * @param schema        the format version, 1
 * @param experiment    the experiment's name
 * @param pluginId      the plugin that provides it
 * @param pluginVersion that plugin's version
 * @param hostVersion   the Graft host version
 * @param apiVersion    the plugin API version
 * @param spiVersions   SPI id to version
 * @param seed          the seed
 * @param backend       the compute backend's name
 * @param device        the backend's device
 * @param precision     the GPU's matrix-product precision ({@code fp32}, {@code tf32}, {@code bf16}); {@code null} on
 *                      the CPU and in records written before the field existed
 * @param java          the Java runtime version and vendor
 * @param os            the operating system and architecture
 * @param started       when the run first started (ISO-8601)
 * @param finished      when it last ended, or {@code null}
 * @param status        how it ended
 * @param error         the failure's message, or {@code null}
 * @param resumes       how many times it was resumed
 * @param summary       the experiment's summary, or {@code null}
 * @param headline      the experiment's headline numbers
 */
public record RunRecord(int schema, String experiment, String pluginId, String pluginVersion, String hostVersion,
                        String apiVersion, Map<String, String> spiVersions, long seed, String backend, String device,
                        String precision, String java, String os, String started, String finished, RunStatus status, String error,
                        int resumes, String summary, List<Headline> headline) {
    /** The file name in a run directory. */
    public static final String FILE = "run.json";
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    /**
     * A headline number.
     *
     * @param name  its name
     * @param value its value
     */
    public record Headline(String name, double value) {
    }

    public RunRecord {
        spiVersions = spiVersions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(spiVersions));
        headline = headline == null ? List.of() : List.copyOf(headline);
    }

    RunRecord ended(String when, RunStatus s, String err, String sum, List<Headline> head) {
        return new RunRecord(schema, experiment, pluginId, pluginVersion, hostVersion, apiVersion, spiVersions, seed,
                backend, device, precision, java, os, started, when, s, err, resumes, sum, head);
    }

    RunRecord resumed() {
        return new RunRecord(schema, experiment, pluginId, pluginVersion, hostVersion, apiVersion, spiVersions, seed,
                backend, device, precision, java, os, started, null, RunStatus.RUNNING, null, resumes + 1, null, List.of());
    }

    /** Writes {@code run.json} atomically into a run directory. */
    public void write(Path runDir) throws IOException {
        AtomicFiles.write(runDir.resolve(FILE), (GSON.toJson(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param runDir a run directory
     * @return its record
     * @throws IOException if {@code run.json} cannot be read
     * @throws IllegalArgumentException naming the file if it is not a run record
     */
    public static RunRecord read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (Files.isDirectory(runDir) && !Files.exists(f)) {
            throw new NoSuchFileException(runDir.toString(), null, "not a run directory (it has no " + FILE
                    + "; 'graft run' prints the directory of each run it starts)");
        }
        try {
            RunRecord r = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), RunRecord.class);
            if (r == null || r.schema() != 1 || r.experiment() == null) {
                throw new IllegalArgumentException(f + ": not a run record (expected schema 1 and an 'experiment' field)");
            }
            return r;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(f + ": not valid JSON (" + StrictJson.syntaxError(e) + ")", e);
        }
    }
}
