package dev.graft.api.model.bert;

import dev.graft.api.model.HfBatch;
import dev.graft.api.model.HiddenStates;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.nn.Dropout;
import dev.graft.api.nn.Linear;
import dev.graft.api.nn.Module;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * BERT or RoBERTa with a sequence-classification head, as Hugging Face's {@code BertForSequenceClassification}
 * and {@code RobertaForSequenceClassification}: {@link BertConfig#numLabels()} outputs from the first token.
 *
 * <p>BERT: the pooler ({@code bert.pooler.dense}, tanh), dropout, then {@code classifier} (a linear layer).
 * RoBERTa: no pooler; {@code classifier.dense}, tanh and {@code classifier.out_proj} on the first token, with
 * dropout before each. Dropout is {@code classifier_dropout}, else {@code hidden_dropout_prob}.
 *
 * <p>{@link #loss} follows {@code problem_type}: {@code regression} (mean squared error against F32 labels
 * {@code [B]}, also the default with one label), {@code single_label_classification} (cross-entropy against I32
 * labels {@code [B]}, the default otherwise) or {@code multi_label_classification} (binary cross-entropy with
 * logits against F32 labels {@code [B, numLabels]}).
 */
public final class BertForSequenceClassification extends PretrainedModule {
    private final BertConfig config;
    private final BertModel bert;
    private final Dropout dropout;
    private final Linear classifier;
    private final RobertaClassificationHead robertaHead;

    /** @param seed seeds the initial weights and the dropout masks */
    public BertForSequenceClassification(ComputeBackend backend, BertConfig config, long seed) {
        this(backend, config, new Random(seed), seed);
    }

    /**
     * Builds a model whose initial weights come from {@code init} (a loader passes a source it then overwrites).
     *
     * @param dropoutSeed seeds the dropout masks
     */
    public BertForSequenceClassification(ComputeBackend backend, BertConfig config, Random init, long dropoutSeed) {
        this.config = config;
        DropoutRng drop = new DropoutRng(dropoutSeed);
        bert = registerModule(config.isRoberta() ? "roberta" : "bert",
                new BertModel(backend, config, init, drop, !config.isRoberta()));
        if (config.isRoberta()) {
            dropout = null;
            classifier = null;
            robertaHead = registerModule("classifier", new RobertaClassificationHead(backend, config, init, drop));
        } else {
            dropout = registerModule("dropout", new Dropout(config.classifierDropoutOrHidden(), drop));
            classifier = registerModule("classifier", new Linear(backend, config.hiddenSize(), config.numLabels(),
                    true, init, config.initializerRange()));
            robertaHead = null;
        }
    }

    /** @return the encoder */
    public BertModel bert() {
        return bert;
    }

    @Override
    public BertConfig modelConfig() {
        return config;
    }

    @Override
    public String architecture() {
        return config.isRoberta() ? "RobertaForSequenceClassification" : "BertForSequenceClassification";
    }

    @Override
    public BertConfig configForSave() {
        return config.withArchitectures(architecturesForSave());
    }

    /** @return the encoder's hidden states ({@code hidden_states.0} .. {@code hidden_states.L}) */
    @Override
    public List<HiddenStates.Tap> hiddenStateTaps() {
        return bert.hiddenStateTaps();
    }

    /** @return logits {@code [B, numLabels]} */
    public Tensor forward(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask) {
        checkOpen();
        Tensor h = bert.forward(ids, tokenTypeIds, attentionMask);
        Tensor logits = robertaHead != null ? robertaHead.forward(h)
                : classifier.forward(dropout.forward(bert.pool(h)));
        return hook(logits);
    }

    /**
     * The loss of {@code problem_type} (see the class description).
     *
     * @param labels I32 {@code [B]} for single-label classification, F32 {@code [B]} for regression, F32
     *               {@code [B, numLabels]} of 0/1 for multi-label classification
     * @throws IllegalArgumentException if the labels' dtype or shape does not fit the problem type
     */
    public Tensor loss(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels) {
        return loss(forward(ids, tokenTypeIds, attentionMask), labels);
    }

    /** Logits of the batch; with {@code labels} ({@code [B]}, or {@code [B, L]} for multi-label) the loss. */
    @Override
    public BatchOutput forward(HfBatch batch) {
        ComputeBackend be = backend();
        Tensor ids = batch.inputIds().intTensor(be);
        Tensor types = batch.tokenTypeIds() == null ? null : batch.tokenTypeIds().intTensor(be);
        Tensor logits = forward(ids, types, batch.attentionMask().intTensor(be));
        Tensor loss = null;
        HfBatch.Values l = batch.labels();
        if (l != null) {
            boolean ints = problem(l.integral() && l.shape().length == 1 ? DType.I32 : DType.F32)
                    .equals("single_label_classification");
            loss = loss(logits, ints ? l.intTensor(be) : l.floatTensor(be));
        }
        return new BatchOutput(logits, loss);
    }

    private String problem(DType labels) {
        return config.problemType() != null ? config.problemType()
                : config.numLabels() == 1 ? "regression" : labels == DType.I32 ? "single_label_classification"
                : "multi_label_classification";
    }

    private Tensor loss(Tensor logits, Tensor labels) {
        int b = logits.size(0);
        int n = logits.size(1);
        String problem = problem(labels.dtype());
        switch (problem) {
            case "regression" -> {
                requireLabels(labels, DType.F32, n == 1 ? new int[] {b} : new int[] {b, n}, problem);
                Tensor d = logits.reshape(labels.shape()).sub(labels);
                return d.square().mean();
            }
            case "single_label_classification" -> {
                requireLabels(labels, DType.I32, new int[] {b}, problem);
                return Functional.crossEntropy(logits, labels, -100, 0f);
            }
            default -> {
                requireLabels(labels, DType.F32, new int[] {b, n}, problem);
                // log(1 + exp(-|x|)) + max(x, 0) - x·y, the stable form of BCE with logits
                Tensor absX = logits.relu().add(logits.neg().relu());
                Tensor softplus = absX.neg().exp().add(1f).log();
                return softplus.add(logits.relu()).sub(logits.mul(labels)).mean();
            }
        }
    }

    private static void requireLabels(Tensor labels, DType dtype, int[] shape, String problem) {
        if (labels.dtype() != dtype || !java.util.Arrays.equals(labels.shape(), shape)) {
            throw new IllegalArgumentException("labels for " + problem + " must be " + dtype + " "
                    + java.util.Arrays.toString(shape) + ", got " + labels.dtype() + " "
                    + java.util.Arrays.toString(labels.shape()));
        }
    }

    /** RoBERTa's {@code classifier}: {@code out_proj(dropout(tanh(dense(dropout(h[:, 0])))))}. */
    public static final class RobertaClassificationHead extends Module {
        private final Linear dense;
        private final Dropout dropout;
        private final Linear outProj;

        RobertaClassificationHead(ComputeBackend be, BertConfig c, Random rng, DropoutRng drop) {
            dense = registerModule("dense", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng,
                    c.initializerRange()));
            dropout = registerModule("dropout", new Dropout(c.classifierDropoutOrHidden(), drop));
            outProj = registerModule("out_proj", new Linear(be, c.hiddenSize(), c.numLabels(), true, rng,
                    c.initializerRange()));
        }

        /** @param h {@code [B, T, hidden]} @return {@code [B, numLabels]} */
        public Tensor forward(Tensor h) {
            Tensor x = h.slice(1, 0, 1).reshape(h.size(0), h.size(2));          // [B, hidden]
            x = dense.forward(dropout.forward(x)).tanh();
            return hook(outProj.forward(dropout.forward(x)));
        }
    }
}
