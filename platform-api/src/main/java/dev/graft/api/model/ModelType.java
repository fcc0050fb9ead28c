package dev.graft.api.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The model families Graft reads and writes, by the {@code model_type} name Hugging Face writes into
 * {@code config.json}. The names are part of the file format and never change.
 */
public enum ModelType {
    /** BERT: post-LN encoder with absolute position and token-type embeddings. */
    BERT("bert"),
    /** RoBERTa: BERT's architecture with position ids offset past the padding index. */
    ROBERTA("roberta"),
    /** GPT-2: pre-LN decoder with learned positions and Conv1D ([in, out]) weights. */
    GPT2("gpt2"),
    /** T5: encoder-decoder with relative position buckets and RMS layer norm. */
    T5("t5");

    private final String hfName;

    ModelType(String hfName) {
        this.hfName = hfName;
    }

    /** @return the {@code model_type} value in {@code config.json} */
    public String hfName() {
        return hfName;
    }

    /**
     * @param source the file the name was read from, for the message
     * @param name   a {@code model_type} value
     * @return the family
     * @throws ModelFormatException ({@code UNSUPPORTED_VALUE}) naming the value and the supported ones
     */
    public static ModelType fromHfName(Path source, String name) throws ModelFormatException {
        for (ModelType t : values()) {
            if (t.hfName.equals(name)) {
                return t;
            }
        }
        throw new ModelFormatException(source, ModelFormatException.Problem.UNSUPPORTED_VALUE,
                "model_type '" + name + "' is not supported (supported: " + supportedNames() + ")");
    }

    /** @return the supported names, comma-separated */
    public static String supportedNames() {
        return Arrays.stream(values()).map(ModelType::hfName).collect(Collectors.joining(", "));
    }
}
