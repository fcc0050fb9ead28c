package dev.graft.api.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The extension points a plugin may implement, each with the short id used in manifests and registry
 * indexes and its own semantic version.
 *
 * <p>The ids are part of the file formats (a plugin's {@code Graft-Spi-Requires}, {@code plugins.json},
 * run records) and are never renamed. Versioning follows the provider rule: adding an abstract method to an
 * interface is a major bump; adding a default method that is safe for existing implementations is a minor
 * bump.
 */
public enum Spi {
    /** {@link Experiment}: a named, configurable, reproducible run. */
    EXPERIMENT("experiment", Experiment.class, Experiment.SPI_VERSION),
    /** {@link TuningMethod}: a way of adapting a pre-trained model to a task. */
    TUNING_METHOD("tuning", TuningMethod.class, TuningMethod.SPI_VERSION),
    /** {@link TransferStrategy}: carrying a tuned solution to another task or model. */
    TRANSFER_STRATEGY("transfer", TransferStrategy.class, TransferStrategy.SPI_VERSION),
    /** {@link Analyzer}: a measurement over a model. */
    ANALYZER("analyzer", Analyzer.class, Analyzer.SPI_VERSION),
    /** {@link ModelFamily}: reading and writing one Hugging Face architecture. */
    MODEL_FAMILY("model-family", ModelFamily.class, ModelFamily.SPI_VERSION),
    /** {@link GrowthOperator}: making a model wider or deeper. */
    GROWTH_OPERATOR("growth", GrowthOperator.class, GrowthOperator.SPI_VERSION);

    private final String id;
    private final Class<?> type;
    private final String version;

    Spi(String id, Class<?> type, String version) {
        this.id = id;
        this.type = type;
        this.version = version;
    }

    /** @return the id written in manifests and indexes, e.g. {@code experiment} */
    public String id() {
        return id;
    }

    /** @return the interface a plugin implements */
    public Class<?> type() {
        return type;
    }

    /** @return this SPI's semantic version */
    public String version() {
        return version;
    }

    /**
     * Finds an SPI by its id.
     *
     * @param id the id, e.g. {@code analyzer}
     * @return the SPI
     * @throws IllegalArgumentException naming the known ids if none matches
     */
    public static Spi byId(String id) {
        for (Spi s : values()) {
            if (s.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown SPI '" + id + "'; known: "
                + Arrays.stream(values()).map(Spi::id).collect(Collectors.joining(", ")));
    }
}
