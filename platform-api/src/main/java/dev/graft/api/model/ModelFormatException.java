package dev.graft.api.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file (safetensors checkpoint, {@code config.json}, {@code tokenizer.json}) that Graft cannot accept.
 *
 * <p>The message always starts with the file, then says what is wrong in one sentence, naming the tensor or
 * field and what was expected: {@code /m/model.safetensors: tensor 'wte.weight': data_offsets [0, 512] hold
 * 512 bytes but F32 [64, 4] needs 1024}. {@link #problem()} classifies the error so that callers and tests can
 * react to the kind of damage without parsing the message.
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** The file ends before the data its header promises (or before the 8-byte header length). */
        TRUNCATED,
        /** The header length field points past the end of the file or beyond the header size limit. */
        HEADER_LENGTH_PAST_END,
        /** The header (or a JSON file) is not well-formed UTF-8 JSON. */
        NOT_JSON,
        /** The JSON is well-formed but a field is missing, has the wrong type or an impossible value. */
        BAD_FIELD,
        /** Two tensors' byte ranges overlap. */
        OVERLAPPING_OFFSETS,
        /** A byte range lies outside the data section, or the data section has bytes no tensor owns. */
        OFFSETS_OUT_OF_RANGE,
        /** A dtype name the safetensors format does not define. */
        UNKNOWN_DTYPE,
        /** A dtype the format defines but Graft does not read (for example {@code F64} or {@code BOOL}). */
        UNSUPPORTED_DTYPE,
        /** A tensor's byte range is not the size its dtype and shape need, or it is too large to load. */
        SIZE_MISMATCH,
        /** A tensor's dtype is not the kind the reader asked for (an integer tensor read as floats...). */
        WRONG_DTYPE,
        /** A tensor the model needs is absent from the checkpoint. */
        MISSING_TENSOR,
        /** The checkpoint holds a tensor the model does not have. */
        EXTRA_TENSOR,
        /** A tensor's shape disagrees with what the configuration implies. */
        SHAPE_MISMATCH,
        /** A configuration value (model type, activation, embedding type...) Graft does not implement. */
        UNSUPPORTED_VALUE
    }

    private final Path file;
    private final Problem problem;

    /**
     * @param file    the file at fault (named first in the message)
     * @param problem what kind of damage it is
     * @param detail  one sentence naming the tensor or field and what was expected
     */
    public ModelFormatException(Path file, Problem problem, String detail) {
        super(file + ": " + detail);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** @return the file at fault */
    public Path file() {
        return file;
    }

    /** @return the kind of damage */
    public Problem problem() {
        return problem;
    }
}
