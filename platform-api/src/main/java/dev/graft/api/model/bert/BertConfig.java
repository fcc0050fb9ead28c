package dev.graft.api.model.bert;

import dev.graft.api.internal.ConfigReader;
import dev.graft.api.internal.ConfigWriter;
import dev.graft.api.model.ConfigFields;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelType;
import dev.graft.api.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of a BERT or RoBERTa encoder ({@code model_type} {@code bert} or {@code roberta}), named
 * after Hugging Face's {@code BertConfig} / {@code RobertaConfig} fields, and what {@link BertModel} and its
 * heads are built from.
 *
 * <p>Both families share the architecture: post-LN encoder layers, absolute learned position embeddings, token
 * type embeddings. RoBERTa numbers the positions of real tokens from {@code pad_token_id + 1}
 * ({@link #firstPositionId()}). {@link #parse} refuses what Graft does not implement:
 * {@code position_embedding_type} other than {@code absolute}, {@code is_decoder: true},
 * {@code add_cross_attention: true}, and activations {@link Activation} does not name. Every field of the file
 * is kept in {@link #fields()} and written back by {@link #toJson()}.
 *
 * @param vocabSize                 {@code vocab_size}
 * @param hiddenSize                {@code hidden_size}, a multiple of {@code numAttentionHeads}
 * @param numHiddenLayers           {@code num_hidden_layers}
 * @param numAttentionHeads         {@code num_attention_heads}
 * @param intermediateSize          {@code intermediate_size}: the feed-forward width
 * @param hiddenAct                 {@code hidden_act}
 * @param hiddenDropoutProb         {@code hidden_dropout_prob}
 * @param attentionProbsDropoutProb {@code attention_probs_dropout_prob}; not applied by the fused attention
 *                                  kernel, so training runs should set it to 0
 * @param maxPositionEmbeddings     {@code max_position_embeddings}
 * @param typeVocabSize             {@code type_vocab_size}
 * @param layerNormEps              {@code layer_norm_eps}
 * @param initializerRange          {@code initializer_range}: std of the initial weights
 * @param modelType                 {@link ModelType#BERT} or {@link ModelType#ROBERTA}
 * @param classifierDropout         {@code classifier_dropout}, null to use {@code hiddenDropoutProb}
 * @param padTokenId                {@code pad_token_id} (may be null for BERT; RoBERTa needs it)
 * @param bosTokenId                {@code bos_token_id} (may be null)
 * @param eosTokenId                {@code eos_token_id} (may be null)
 * @param tieWordEmbeddings         {@code tie_word_embeddings}: the MLM decoder shares the word embeddings
 * @param architectures             {@code architectures}, e.g. {@code BertForMaskedLM}
 * @param id2label                  {@code id2label} of a classification head, ids 0..n-1 in order (may be empty)
 * @param problemType               {@code problem_type}: null, {@code regression},
 *                                  {@code single_label_classification} or {@code multi_label_classification}
 * @param fields                    the original fields ({@link ConfigFields#empty()} for a configuration built in code)
 */
public record BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                         int intermediateSize, Activation hiddenAct, float hiddenDropoutProb,
                         float attentionProbsDropoutProb, int maxPositionEmbeddings, int typeVocabSize,
                         float layerNormEps, float initializerRange, ModelType modelType, Float classifierDropout,
                         Integer padTokenId, Integer bosTokenId, Integer eosTokenId, boolean tieWordEmbeddings,
                         List<String> architectures, Map<Integer, String> id2label, String problemType,
                         ConfigFields fields) implements ModelConfig {

    private static final Set<String> PROBLEM_TYPES =
            Set.of("regression", "single_label_classification", "multi_label_classification");

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the Hugging Face field that is out of range
     */
    public BertConfig {
        Objects.requireNonNull(modelType, "model_type");
        if (modelType != ModelType.BERT && modelType != ModelType.ROBERTA) {
            throw new IllegalArgumentException("model_type '" + modelType.hfName() + "' is not a BERT family");
        }
        Objects.requireNonNull(hiddenAct, "hidden_act");
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (numHiddenLayers < 0) {
            throw new IllegalArgumentException("num_hidden_layers must not be negative, got " + numHiddenLayers);
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be positive, got " + layerNormEps);
        }
        dropout("hidden_dropout_prob", hiddenDropoutProb);
        dropout("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (classifierDropout != null) {
            dropout("classifier_dropout", classifierDropout);
        }
        if (padTokenId != null && (padTokenId < 0 || padTokenId >= vocabSize)) {
            throw new IllegalArgumentException("pad_token_id " + padTokenId + " is outside the vocabulary of "
                    + vocabSize);
        }
        if (modelType == ModelType.ROBERTA && padTokenId == null) {
            throw new IllegalArgumentException("pad_token_id must be set for roberta: positions start after it");
        }
        if (problemType != null && !PROBLEM_TYPES.contains(problemType)) {
            throw new IllegalArgumentException("problem_type '" + problemType + "' is not one of " + PROBLEM_TYPES);
        }
        architectures = List.copyOf(architectures);
        id2label = id2label.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(id2label));
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * A BERT configuration built in code: the given hyper-parameters, Hugging Face's defaults for the rest (no
     * classification labels, {@code pad_token_id} 0, tied MLM decoder).
     */
    public BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                      int intermediateSize, Activation hiddenAct, float hiddenDropoutProb,
                      float attentionProbsDropoutProb, int maxPositionEmbeddings, int typeVocabSize,
                      float layerNormEps, float initializerRange) {
        this(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                initializerRange, ModelType.BERT, null, 0, null, null, true, List.of(), Map.of(), null,
                ConfigFields.empty());
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static void dropout(String field, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + p);
        }
    }

    /** A configuration with BERT's defaults for everything but the sizes, and no dropout. */
    public static BertConfig of(int vocab, int hidden, int layers, int heads, int intermediate, int positions) {
        return new BertConfig(vocab, hidden, layers, heads, intermediate, Activation.GELU, 0f, 0f, positions, 2,
                1e-12f, 0.02f);
    }

    /** @return a copy with another activation */
    public BertConfig withActivation(Activation act) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, act,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                initializerRange, modelType, classifierDropout, padTokenId, bosTokenId, eosTokenId,
                tieWordEmbeddings, architectures, id2label, problemType, fields);
    }

    /** @return a copy with other classification labels (ids 0..n-1 in order) */
    public BertConfig withLabels(Map<Integer, String> labels) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                initializerRange, modelType, classifierDropout, padTokenId, bosTokenId, eosTokenId,
                tieWordEmbeddings, architectures, labels, problemType, fields);
    }

    /** @return a copy with another {@code architectures} list */
    public BertConfig withArchitectures(List<String> names) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                initializerRange, modelType, classifierDropout, padTokenId, bosTokenId, eosTokenId,
                tieWordEmbeddings, names, id2label, problemType, fields);
    }

    /**
     * @return a copy with other sizes (growth surgery): every other field, the original {@code config.json}
     *         fields included, is kept
     */
    public BertConfig withSizes(int hidden, int layers, int heads, int intermediate) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps, initializerRange,
                modelType, classifierDropout, padTokenId, bosTokenId, eosTokenId, tieWordEmbeddings, architectures,
                id2label, problemType, fields);
    }

    /** @return the width of one attention head */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** @return the number of classification labels: the size of {@code id2label}, or Hugging Face's default 2 */
    public int numLabels() {
        return id2label.isEmpty() ? 2 : id2label.size();
    }

    /** @return the dropout before a classification head: {@code classifier_dropout}, else {@code hidden_dropout_prob} */
    public float classifierDropoutOrHidden() {
        return classifierDropout != null ? classifierDropout : hiddenDropoutProb;
    }

    /** @return the first position id of a real token: 0 for BERT, {@code pad_token_id + 1} for RoBERTa */
    public int firstPositionId() {
        return modelType == ModelType.ROBERTA ? padTokenId + 1 : 0;
    }

    /** @return whether this is RoBERTa (position ids after the padding index, {@code roberta.} prefix) */
    public boolean isRoberta() {
        return modelType == ModelType.ROBERTA;
    }

    private static int defaultVocab(ModelType t) {
        return t == ModelType.ROBERTA ? 50265 : 30522;
    }

    private static Integer defaultPad(ModelType t) {
        return t == ModelType.ROBERTA ? 1 : 0;
    }

    private static Integer defaultBos(ModelType t) {
        return t == ModelType.ROBERTA ? 0 : null;
    }

    private static Integer defaultEos(ModelType t) {
        return t == ModelType.ROBERTA ? 2 : null;
    }

    /**
     * Reads a {@code config.json} of model type {@code bert} or {@code roberta}.
     *
     * @throws ModelFormatException if it is not one, or holds a value Graft does not support
     * @throws IOException          if it cannot be read
     */
    public static BertConfig read(Path file) throws IOException {
        if (ModelConfig.read(file) instanceof BertConfig c) {
            return c;
        }
        throw notBert(file);
    }

    private static ModelFormatException notBert(Path file) {
        return new ModelFormatException(file, ModelFormatException.Problem.UNSUPPORTED_VALUE,
                "model_type is not bert or roberta");
    }

    /**
     * Parses the text of a {@code config.json} of model type {@code bert} or {@code roberta}.
     *
     * @param source the file it came from, named in errors
     * @throws ModelFormatException if it is not one, or holds a value Graft does not support
     */
    public static BertConfig parse(Path source, String json) throws ModelFormatException {
        ModelType type = ModelConfig.modelType(source, json);
        if (type != ModelType.BERT && type != ModelType.ROBERTA) {
            throw notBert(source);
        }
        ConfigReader r = ConfigReader.of(source, json);
        String family = type.hfName();
        r.oneOf("position_embedding_type", "absolute", Set.of("absolute"), family);
        r.refuseIf("is_decoder", true, family + " is read as an encoder");
        r.refuseIf("add_cross_attention", true, family + " is read as an encoder without cross-attention");
        String problem = r.string("problem_type", null);
        if (problem != null && !PROBLEM_TYPES.contains(problem)) {
            throw r.unsupported("problem_type '" + problem + "' is not supported (supported: "
                    + String.join(", ", PROBLEM_TYPES.stream().sorted().toList()) + ")");
        }
        try {
            return new BertConfig(
                    r.positive("vocab_size", defaultVocab(type)),
                    r.positive("hidden_size", 768),
                    r.positive("num_hidden_layers", 12),
                    r.positive("num_attention_heads", 12),
                    r.positive("intermediate_size", 3072),
                    r.activation("hidden_act", "gelu"),
                    r.nonNegativeFloat("hidden_dropout_prob", 0.1f),
                    r.nonNegativeFloat("attention_probs_dropout_prob", 0.1f),
                    r.positive("max_position_embeddings", 512),
                    r.positive("type_vocab_size", 2),
                    r.nonNegativeFloat("layer_norm_eps", 1e-12f),
                    r.nonNegativeFloat("initializer_range", 0.02f),
                    type,
                    r.optionalNonNegativeFloat("classifier_dropout"),
                    r.nullableInteger("pad_token_id", defaultPad(type)),
                    r.nullableInteger("bos_token_id", defaultBos(type)),
                    r.nullableInteger("eos_token_id", defaultEos(type)),
                    r.bool("tie_word_embeddings", true),
                    r.strings("architectures"),
                    r.id2label(),
                    problem,
                    ConfigFields.parse(r.object().toString()));
        } catch (IllegalArgumentException e) {
            throw r.bad(e.getMessage());
        }
    }

    @Override
    public String toJson() {
        return new ConfigWriter(fields)
                .putString("model_type", modelType.hfName(), null)
                .putInt("vocab_size", vocabSize, defaultVocab(modelType))
                .putInt("hidden_size", hiddenSize, 768)
                .putInt("num_hidden_layers", numHiddenLayers, 12)
                .putInt("num_attention_heads", numAttentionHeads, 12)
                .putInt("intermediate_size", intermediateSize, 3072)
                .putActivation("hidden_act", hiddenAct, Activation.GELU)
                .putFloat("hidden_dropout_prob", hiddenDropoutProb, 0.1f)
                .putFloat("attention_probs_dropout_prob", attentionProbsDropoutProb, 0.1f)
                .putInt("max_position_embeddings", maxPositionEmbeddings, 512)
                .putInt("type_vocab_size", typeVocabSize, 2)
                .putFloat("layer_norm_eps", layerNormEps, 1e-12f)
                .putFloat("initializer_range", initializerRange, 0.02f)
                .putNullableFloat("classifier_dropout", classifierDropout, null)
                .putNullableInt("pad_token_id", padTokenId, defaultPad(modelType))
                .putNullableInt("bos_token_id", bosTokenId, defaultBos(modelType))
                .putNullableInt("eos_token_id", eosTokenId, defaultEos(modelType))
                .putBool("tie_word_embeddings", tieWordEmbeddings, true)
                .putStrings("architectures", architectures)
                .putLabels(id2label)
                .putString("problem_type", problemType, null)
                .toJson();
    }
}
