package dev.graft.api.model.bert;

import dev.graft.api.model.HfCheckpoint;
import dev.graft.api.model.HfFamily;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelType;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.SideFiles;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.tensor.ComputeBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The {@code bert} model family: loads a Hugging Face BERT directory into {@link BertForMaskedLM} or
 * {@link BertForSequenceClassification} and writes one back.
 *
 * <p>The head follows {@code architectures}: {@code *ForSequenceClassification} gives the classification
 * model, {@code *ForMaskedLM} and {@code *ForPreTraining} the masked-language model (the pre-training
 * checkpoint's next-sentence head and pooler are ignored). Without {@code architectures} the checkpoint decides:
 * a {@code classifier} tensor means classification. Other heads are refused by name. Buffers older checkpoints
 * carry ({@code position_ids}) and duplicated tied decoder weights are ignored.
 * {@link #loadForSequenceClassification} starts a classifier from any BERT checkpoint.
 */
public class BertFamily extends HfFamily<PretrainedModule> {
    /** Heads Graft builds, by the suffix of the Hugging Face class name. */
    private static final List<String> MLM = List.of("ForMaskedLM", "ForPreTraining");
    private static final String SEQUENCE_CLASSIFICATION = "ForSequenceClassification";

    /** The {@code bert} family. */
    public BertFamily() {
        this(ModelType.BERT);
    }

    /** @param type {@code BERT} or {@code ROBERTA} */
    protected BertFamily(ModelType type) {
        super(type, PretrainedModule.class);
    }

    @Override
    protected PretrainedModule build(ModelConfig config, Path directory, ComputeBackend backend, Random init)
            throws IOException {
        BertConfig c = (BertConfig) config;
        return switch (head(c, directory)) {
            case MASKED_LM -> new BertForMaskedLM(backend, c, init, 0L);
            case SEQUENCE_CLASSIFICATION -> new BertForSequenceClassification(backend, c, init, 0L);
        };
    }

    private enum Head { MASKED_LM, SEQUENCE_CLASSIFICATION }

    private Head head(BertConfig c, Path directory) throws IOException {
        for (String a : c.architectures()) {
            if (a.endsWith(SEQUENCE_CLASSIFICATION)) {
                return Head.SEQUENCE_CLASSIFICATION;
            }
            if (MLM.stream().anyMatch(a::endsWith)) {
                return Head.MASKED_LM;
            }
        }
        if (!c.architectures().isEmpty()) {
            throw new ModelFormatException(directory.resolve("config.json"),
                    ModelFormatException.Problem.UNSUPPORTED_VALUE, "architectures " + c.architectures()
                    + " names no head Graft builds for " + name() + " (supported: *ForMaskedLM, *ForPreTraining, "
                    + "*ForSequenceClassification; loadForSequenceClassification starts a classifier from any "
                    + "checkpoint)");
        }
        try (SafetensorsFile f = SafetensorsFile.open(directory.resolve("model.safetensors"))) {
            boolean classifier = f.contains("classifier.weight") || f.contains("classifier.out_proj.weight");
            return classifier ? Head.SEQUENCE_CLASSIFICATION : Head.MASKED_LM;
        }
    }

    @Override
    protected HfCheckpoint.Rules rules(PretrainedModule model) {
        BertConfig c = (BertConfig) model.modelConfig();
        String base = c.isRoberta() ? "roberta" : "bert";
        if (model instanceof BertForSequenceClassification) {
            return new HfCheckpoint.Rules(base, BertFamily::isBuffer, n -> false, n -> false);
        }
        // the decoder's bias is the head's bias in transformers, stored twice by some versions
        return new HfCheckpoint.Rules(base, n -> isBuffer(n) || n.startsWith(base + ".pooler.")
                || n.startsWith("pooler.") || n.startsWith("cls.seq_relationship.")
                || n.equals("cls.predictions.decoder.bias") || n.equals("lm_head.decoder.bias")
                || c.tieWordEmbeddings() && (n.equals("cls.predictions.decoder.weight") || n.equals("lm_head.decoder.weight")),
                n -> false, n -> false);
    }

    private static boolean isBuffer(String name) {
        return name.endsWith(".position_ids") || name.endsWith(".token_type_ids");
    }

    /**
     * Starts a sequence classifier from any checkpoint of this family (masked-language, pre-training, bare
     * encoder or another classifier): the encoder's weights are loaded; the pooler (when the file has none) and
     * the classification head are drawn from {@code N(0, initializer_range²)} with {@code seed}, as
     * {@code transformers} does for a new head.
     *
     * @param labels the labels, ids {@code 0..n-1}; they replace the configuration's {@code id2label}
     * @return the classifier, with the directory's side files
     * @throws ModelFormatException if the directory is not of this family or an encoder tensor is missing or
     *                              misshapen
     * @throws IOException          if a file cannot be read
     */
    public BertForSequenceClassification loadForSequenceClassification(Path directory, ComputeBackend backend,
                                                                       Map<Integer, String> labels, long seed)
            throws IOException {
        Path configFile = directory.resolve("config.json");
        if (!(ModelConfig.read(configFile) instanceof BertConfig c) || !c.modelType().hfName().equals(name())) {
            throw new ModelFormatException(configFile, ModelFormatException.Problem.UNSUPPORTED_VALUE,
                    "model_type is not " + name());
        }
        BertConfig config = c.withLabels(labels).withArchitectures(List.of(c.isRoberta()
                ? "RobertaForSequenceClassification" : "BertForSequenceClassification"));
        BertForSequenceClassification model = new BertForSequenceClassification(backend, config, seed);
        String base = config.isRoberta() ? "roberta" : "bert";
        HfCheckpoint.load(model, directory.resolve("model.safetensors"), configFile.toString(),
                new HfCheckpoint.Rules(base, n -> isBuffer(n) || n.startsWith("cls.") || n.startsWith("lm_head."),
                        n -> n.startsWith(base + ".pooler."), n -> n.startsWith("classifier.")));
        model.setSideFiles(SideFiles.read(directory));
        return model;
    }
}
