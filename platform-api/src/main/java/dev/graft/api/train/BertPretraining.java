package dev.graft.api.train;

import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.tensor.CounterRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Masked-language-model pre-training of {@link BertForMaskedLM} for the {@link Trainer}: the plain MLM objective,
 * Knowledge Inheritance from a smaller frozen BERT, bert2BERT's two-stage training, and the validation loss.
 * Every objective predicts only the batch's masked positions ({@link BertForMaskedLM#forwardAt}).
 */
public final class BertPretraining {
    private BertPretraining() {
    }

    /** @return the masked-token cross-entropy of {@code model}, averaged over the predicted positions */
    public static Objective<MlmBatch> mlm(BertForMaskedLM model) {
        Objects.requireNonNull(model, "model");
        return (batch, teacher, step) -> StepLoss.lm(crossEntropy(logits(model, batch, -1), batch),
                batch.predicted());
    }

    /**
     * Knowledge Inheritance (Qin et al., NAACL 2022): the student's MLM loss mixed with {@code T²·KL} towards a
     * frozen teacher's predictions at the same masked positions, with the inheritance rate of {@code ki}'s
     * schedule. The teacher runs only while that rate is above 0.
     *
     * @param student the larger model being trained
     * @param teacher the smaller pre-trained model (same vocabulary); put in evaluation mode, never updated
     * @param ki      the objective with its schedule and temperature
     */
    public static Objective<MlmBatch> knowledgeInheritance(BertForMaskedLM student, BertForMaskedLM teacher,
                                                          KnowledgeInheritance ki) {
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(ki, "ki");
        FrozenTeacher<MlmBatch> frozen = new FrozenTeacher<>(teacher, b -> logits(teacher, b, -1));
        return new Objective<>() {
            @Override
            public Tensor teacherLogits(MlmBatch batch, int step) {
                return ki.needsTeacher(step) ? frozen.logits(batch) : null;
            }

            @Override
            public StepLoss loss(MlmBatch batch, Tensor teacherLogits, int step) {
                return StepLoss.of(ki.loss(logits(student, batch, -1), teacherLogits, batch.targets(), step));
            }
        };
    }

    /**
     * bert2BERT's two-stage pre-training (Chen et al., ACL 2022, §4.3): for the first {@code firstStageSteps}
     * steps each step trains one sub-structure, the bottom {@code k·sourceLayers} layers of the grown model with
     * its embeddings and MLM head, {@code k} drawn uniformly from {@code 1..⌈L/sourceLayers⌉} (the last
     * sub-structure is the whole model); afterwards the whole model trains. First-stage steps are booked as
     * {@link ComputeLedger.Category#WARMUP}; they cost less because the upper layers are skipped.
     *
     * @param model           the grown model
     * @param sourceLayers    the depth of the model it was grown from, {@code >= 1}
     * @param firstStageSteps steps of the first stage, {@code >= 0}
     * @param seed            seeds the choice of sub-structure at each step
     */
    public static Objective<MlmBatch> twoStage(BertForMaskedLM model, int sourceLayers, int firstStageSteps,
                                               long seed) {
        int depth = model.bert().config().numHiddenLayers();
        if (sourceLayers < 1 || sourceLayers > depth || firstStageSteps < 0) {
            throw new IllegalArgumentException("two-stage training needs 1 <= sourceLayers <= " + depth
                    + " and firstStageSteps >= 0, got " + sourceLayers + " and " + firstStageSteps);
        }
        return new Objective<>() {
            @Override
            public StepLoss loss(MlmBatch batch, Tensor teacherLogits, int step) {
                int layers = isWarmup(step) ? subStructureLayers(depth, sourceLayers, seed, step) : -1;
                return StepLoss.lm(crossEntropy(logits(model, batch, layers), batch), batch.predicted());
            }

            @Override
            public boolean isWarmup(int step) {
                return step < firstStageSteps;
            }
        };
    }

    /**
     * The depth of the sub-structure that step {@code step} of {@link #twoStage}'s first stage trains:
     * {@code min(L, k·sourceLayers)} with {@code k} drawn uniformly from {@code 1..⌈L/sourceLayers⌉} by
     * {@link CounterRng} at {@code (seed, step)}.
     *
     * @param depth        the grown model's number of layers {@code L}
     * @param sourceLayers the source's number of layers, {@code 1..L}
     */
    public static int subStructureLayers(int depth, int sourceLayers, long seed, int step) {
        int choices = (depth + sourceLayers - 1) / sourceLayers;
        int k = 1 + (int) Long.remainderUnsigned(CounterRng.bits(seed, step), choices);
        return Math.min(depth, k * sourceLayers);
    }

    /**
     * The validation loss: masked-token cross-entropy over a fixed list of batches, averaged over every predicted
     * position of all of them (not a mean of batch means).
     */
    public static Validation validation(BertForMaskedLM model, List<MlmBatch> batches) {
        List<MlmBatch> fixed = List.copyOf(batches);
        if (fixed.isEmpty()) {
            throw new IllegalArgumentException("validation needs at least one batch");
        }
        return () -> {
            double sum = 0;
            long count = 0;
            try (NoGrad ignored = NoGrad.enter()) {
                for (MlmBatch b : fixed) {
                    int n = b.predicted();
                    if (n > 0) {
                        sum += (double) crossEntropy(logits(model, b, -1), b).item() * n;
                        count += n;
                    }
                }
            }
            if (count == 0) {
                throw new IllegalStateException("the validation batches predict no position");
            }
            return sum / count;
        };
    }

    private static Tensor logits(BertForMaskedLM model, MlmBatch b, int layers) {
        return layers < 0 ? model.forwardAt(b.ids(), null, b.attentionMask(), b.positions())
                : model.forwardAt(b.ids(), null, b.attentionMask(), b.positions(), layers);
    }

    private static Tensor crossEntropy(Tensor logits, MlmBatch b) {
        return Functional.crossEntropy(logits, b.targets().reshape(-1), KnowledgeInheritance.IGNORE_INDEX, 0f);
    }
}
