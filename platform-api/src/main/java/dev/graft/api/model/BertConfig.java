package dev.graft.api.model;

import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import dev.graft.api.nn.Activation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of a BERT or RoBERTa encoder ({@code model_type} {@code bert} or {@code roberta}), with
 * Hugging Face's field names in camel case.
 *
 * <p>Both families share the architecture: post-LN encoder layers, absolute learned position embeddings, token
 * type embeddings. RoBERTa numbers positions from {@code pad_token_id + 1}. Parsing refuses what Graft does not
 * implement: {@code position_embedding_type} other than {@code absolute}, {@code is_decoder: true},
 * {@code add_cross_attention: true}, and activations {@link Activation} does not name.
 *
 * @param modelType                 {@link ModelType#BERT} or {@link ModelType#ROBERTA}
 * @param vocabSize                 {@code vocab_size}
 * @param hiddenSize                {@code hidden_size}, a multiple of {@code numAttentionHeads}
 * @param numHiddenLayers           {@code num_hidden_layers}
 * @param numAttentionHeads         {@code num_attention_heads}
 * @param intermediateSize          {@code intermediate_size}: the feed-forward width
 * @param hiddenAct                 {@code hidden_act}
 * @param maxPositionEmbeddings     {@code max_position_embeddings}
 * @param typeVocabSize             {@code type_vocab_size}
 * @param layerNormEps              {@code layer_norm_eps}
 * @param hiddenDropoutProb         {@code hidden_dropout_prob}
 * @param attentionProbsDropoutProb {@code attention_probs_dropout_prob}
 * @param classifierDropout         {@code classifier_dropout}, null to use {@code hiddenDropoutProb}
 * @param padTokenId                {@code pad_token_id} (may be null)
 * @param bosTokenId                {@code bos_token_id} (may be null)
 * @param eosTokenId                {@code eos_token_id} (may be null)
 * @param tieWordEmbeddings         {@code tie_word_embeddings}: the MLM decoder shares the word embeddings
 * @param architectures             {@code architectures}, e.g. {@code BertForMaskedLM}
 * @param id2label                  {@code id2label} of a classification head, ids 0..n-1 in order (may be empty)
 * @param problemType               {@code problem_type}: null, {@code regression},
 *                                  {@code single_label_classification} or {@code multi_label_classification}
 * @param fields                    the original fields
 */
public record BertConfig(ModelType modelType, int vocabSize, int hiddenSize, int numHiddenLayers,
                         int numAttentionHeads, int intermediateSize, Activation hiddenAct,
                         int maxPositionEmbeddings, int typeVocabSize, double layerNormEps,
                         double hiddenDropoutProb, double attentionProbsDropoutProb, Double classifierDropout,
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
        if (modelType != ModelType.BERT && modelType != ModelType.ROBERTA) {
            throw new IllegalArgumentException("model_type '" + modelType.hfName() + "' is not a BERT family");
        }
        Objects.requireNonNull(hiddenAct, "hidden_act");
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be positive, got " + layerNormEps);
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
        id2label = id2label.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(id2label));
        Objects.requireNonNull(fields, "fields");
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    /** @return the width of one attention head */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** @return the number of classification labels: the size of {@code id2label}, or Hugging Face's default 2 */
    public int numLabels() {
        return id2label.isEmpty() ? 2 : id2label.size();
    }

    /** @return the first position id: 0 for BERT, {@code pad_token_id + 1} for RoBERTa */
    public int firstPositionId() {
        return modelType == ModelType.ROBERTA ? padTokenId + 1 : 0;
    }

    private static int defaultVocab(ModelType t) {
        return t == ModelType.ROBERTA ? 50265 : 30522;
    }

    private static Integer defaultPad(ModelType t) {
        return t == ModelType.ROBERTA ? 1 : 0;
    }

    static BertConfig parse(ConfigReader r, ModelType type, ConfigFields fields) throws ModelFormatException {
        String family = type.hfName();
        r.oneOf("position_embedding_type", "absolute", Set.of("absolute"), family);
        r.refuseIf("is_decoder", true, family + " is read as an encoder");
        r.refuseIf("add_cross_attention", true, family + " is read as an encoder without cross-attention");
        boolean roberta = type == ModelType.ROBERTA;
        Integer pad = fields.has("pad_token_id") ? r.optionalInteger("pad_token_id") : defaultPad(type);
        Integer bos = fields.has("bos_token_id") ? r.optionalInteger("bos_token_id") : roberta ? 0 : null;
        Integer eos = fields.has("eos_token_id") ? r.optionalInteger("eos_token_id") : roberta ? 2 : null;
        String problem = r.string("problem_type", null);
        if (problem != null && !PROBLEM_TYPES.contains(problem)) {
            throw r.unsupported("problem_type '" + problem + "' is not supported (supported: "
                    + String.join(", ", PROBLEM_TYPES.stream().sorted().toList()) + ")");
        }
        return new BertConfig(type,
                r.positive("vocab_size", defaultVocab(type)),
                r.positive("hidden_size", 768),
                r.positive("num_hidden_layers", 12),
                r.positive("num_attention_heads", 12),
                r.positive("intermediate_size", 3072),
                r.activation("hidden_act", "gelu"),
                r.positive("max_position_embeddings", 512),
                r.positive("type_vocab_size", 2),
                r.nonNegative("layer_norm_eps", 1e-12),
                r.nonNegative("hidden_dropout_prob", 0.1),
                r.nonNegative("attention_probs_dropout_prob", 0.1),
                r.optionalNonNegative("classifier_dropout"),
                pad, bos, eos,
                r.bool("tie_word_embeddings", true),
                r.strings("architectures"),
                r.id2label(),
                problem,
                fields);
    }

    @Override
    public String toJson() {
        boolean roberta = modelType == ModelType.ROBERTA;
        return new ConfigWriter(fields)
                .put("model_type", modelType.hfName(), null)
                .put("vocab_size", vocabSize, defaultVocab(modelType))
                .put("hidden_size", hiddenSize, 768)
                .put("num_hidden_layers", numHiddenLayers, 12)
                .put("num_attention_heads", numAttentionHeads, 12)
                .put("intermediate_size", intermediateSize, 3072)
                .putActivation("hidden_act", hiddenAct, "gelu")
                .put("max_position_embeddings", maxPositionEmbeddings, 512)
                .put("type_vocab_size", typeVocabSize, 2)
                .put("layer_norm_eps", layerNormEps, 1e-12)
                .put("hidden_dropout_prob", hiddenDropoutProb, 0.1)
                .put("attention_probs_dropout_prob", attentionProbsDropoutProb, 0.1)
                .putNullable("classifier_dropout", classifierDropout, null)
                .putNullable("pad_token_id", padTokenId, defaultPad(modelType))
                .putNullable("bos_token_id", bosTokenId, roberta ? 0 : null)
                .putNullable("eos_token_id", eosTokenId, roberta ? 2 : null)
                .put("tie_word_embeddings", tieWordEmbeddings, true)
                .putStrings("architectures", architectures)
                .putLabels(id2label)
                .put("problem_type", problemType == null ? JsonNull.INSTANCE : new JsonPrimitive(problemType),
                        JsonNull.INSTANCE)
                .toJson();
    }
}
