package dev.graft.api.surgery;

import java.util.List;

/**
 * The growth rules of one model family: for every parameter, what each of its axes is (package-private; the
 * families' public entry points are in {@link ModelGrowth}).
 *
 * @param family      the family's name, for error messages
 * @param layerPrefix the path before a layer index ({@code transformer.h.})
 * @param global      rules for parameters outside the layer stack, by full path
 * @param layer       rules for a layer's parameters, by path after {@code layerPrefix + i + "."}
 * @param preLn       whether a block with zero residual projections is the identity
 */
record Layout(String family, String layerPrefix, List<Role> global, List<Role> layer, boolean preLn) {

    /** What one axis of a parameter indexes, and how growth treats it. */
    enum Axis {
        /** Not grown (vocabulary, positions, token types). */
        KEEP,
        /** Hidden units, out-dimension copy. */
        HIDDEN_COPY,
        /** Hidden units, in-dimension split. */
        HIDDEN_SPLIT,
        /** Hidden units copied and divided by the count: the last LayerNorm before a tied output embedding. */
        HIDDEN_COPY_DIVIDED,
        /** Whole heads of {@code head size} elements, out-dimension copy. */
        HEAD_COPY,
        /** Whole heads, in-dimension split. */
        HEAD_SPLIT,
        /** GPT-2's packed query, key and value: three head axes side by side, each copied. */
        QKV_COPY,
        /** Feed-forward neurons, out-dimension copy. */
        FFN_COPY,
        /** Feed-forward neurons, in-dimension split. */
        FFN_SPLIT;

        /** @return whether AKI may take this axis's new units from the next layer */
        boolean perLayerUnits() {
            return this == HEAD_COPY || this == HEAD_SPLIT || this == QKV_COPY || this == FFN_COPY || this == FFN_SPLIT;
        }
    }

    /**
     * @param name               the path (global) or the path inside a layer
     * @param residualProjection whether an identity block zeroes it
     * @param axes               one entry per axis of the tensor
     */
    record Role(String name, boolean residualProjection, List<Axis> axes) {
        static Role of(String name, Axis... axes) {
            return new Role(name, false, List.of(axes));
        }

        static Role residual(String name, Axis... axes) {
            return new Role(name, true, List.of(axes));
        }
    }

    /** GPT-2: pre-LN, {@code Conv1D} weights {@code [in, out]}, packed QKV, LM head tied to {@code wte}. */
    static Layout gpt2() {
        return new Layout("GPT-2", "transformer.h.", List.of(
                Role.of("transformer.wte.weight", Axis.KEEP, Axis.HIDDEN_COPY),
                Role.of("transformer.wpe.weight", Axis.KEEP, Axis.HIDDEN_COPY),
                // The tied head reads ln_f's output with copied embedding columns: dividing ln_f by the copy count
                // makes each copied dimension contribute its share once (ELLE's FPI_new.py, lm_head layer_norm).
                Role.of("transformer.ln_f.weight", Axis.HIDDEN_COPY_DIVIDED),
                Role.of("transformer.ln_f.bias", Axis.HIDDEN_COPY_DIVIDED)), List.of(
                Role.of("ln_1.weight", Axis.HIDDEN_COPY),
                Role.of("ln_1.bias", Axis.HIDDEN_COPY),
                Role.of("attn.c_attn.weight", Axis.HIDDEN_SPLIT, Axis.QKV_COPY),
                Role.of("attn.c_attn.bias", Axis.QKV_COPY),
                Role.residual("attn.c_proj.weight", Axis.HEAD_SPLIT, Axis.HIDDEN_COPY),
                Role.residual("attn.c_proj.bias", Axis.HIDDEN_COPY),
                Role.of("ln_2.weight", Axis.HIDDEN_COPY),
                Role.of("ln_2.bias", Axis.HIDDEN_COPY),
                Role.of("mlp.c_fc.weight", Axis.HIDDEN_SPLIT, Axis.FFN_COPY),
                Role.of("mlp.c_fc.bias", Axis.FFN_COPY),
                Role.residual("mlp.c_proj.weight", Axis.FFN_SPLIT, Axis.HIDDEN_COPY),
                Role.residual("mlp.c_proj.bias", Axis.HIDDEN_COPY)), true);
    }

    /** BERT with its MLM head: post-LN, {@code Linear} weights {@code [out, in]}, decoder tied to the word embeddings. */
    static Layout bertForMaskedLm() {
        return new Layout("BERT", "bert.encoder.layer.", List.of(
                Role.of("bert.embeddings.word_embeddings.weight", Axis.KEEP, Axis.HIDDEN_COPY),
                Role.of("bert.embeddings.position_embeddings.weight", Axis.KEEP, Axis.HIDDEN_COPY),
                Role.of("bert.embeddings.token_type_embeddings.weight", Axis.KEEP, Axis.HIDDEN_COPY),
                Role.of("bert.embeddings.LayerNorm.weight", Axis.HIDDEN_COPY),
                Role.of("bert.embeddings.LayerNorm.bias", Axis.HIDDEN_COPY),
                Role.of("cls.predictions.bias", Axis.KEEP),
                Role.of("cls.predictions.transform.dense.weight", Axis.HIDDEN_COPY, Axis.HIDDEN_SPLIT),
                Role.of("cls.predictions.transform.dense.bias", Axis.HIDDEN_COPY),
                // The decoder is the word-embedding table (columns copied, not split): divide the head's
                // LayerNorm by the copy count instead (ELLE's FPI_new.py, lm_head.layer_norm).
                Role.of("cls.predictions.transform.LayerNorm.weight", Axis.HIDDEN_COPY_DIVIDED),
                Role.of("cls.predictions.transform.LayerNorm.bias", Axis.HIDDEN_COPY_DIVIDED)), List.of(
                Role.of("attention.self.query.weight", Axis.HEAD_COPY, Axis.HIDDEN_SPLIT),
                Role.of("attention.self.query.bias", Axis.HEAD_COPY),
                Role.of("attention.self.key.weight", Axis.HEAD_COPY, Axis.HIDDEN_SPLIT),
                Role.of("attention.self.key.bias", Axis.HEAD_COPY),
                Role.of("attention.self.value.weight", Axis.HEAD_COPY, Axis.HIDDEN_SPLIT),
                Role.of("attention.self.value.bias", Axis.HEAD_COPY),
                Role.residual("attention.output.dense.weight", Axis.HIDDEN_COPY, Axis.HEAD_SPLIT),
                Role.residual("attention.output.dense.bias", Axis.HIDDEN_COPY),
                Role.of("attention.output.LayerNorm.weight", Axis.HIDDEN_COPY),
                Role.of("attention.output.LayerNorm.bias", Axis.HIDDEN_COPY),
                Role.of("intermediate.dense.weight", Axis.FFN_COPY, Axis.HIDDEN_SPLIT),
                Role.of("intermediate.dense.bias", Axis.FFN_COPY),
                Role.residual("output.dense.weight", Axis.HIDDEN_COPY, Axis.FFN_SPLIT),
                Role.residual("output.dense.bias", Axis.HIDDEN_COPY),
                Role.of("output.LayerNorm.weight", Axis.HIDDEN_COPY),
                Role.of("output.LayerNorm.bias", Axis.HIDDEN_COPY)), false);
    }
}
