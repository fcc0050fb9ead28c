package dev.graft.api.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.train.ComputeLedger.Category;
import org.junit.jupiter.api.Test;

/**
 * The ledger's counts for tiny models equal the analytic sums written out here: {@code 2·m·n·k} for every
 * projection, {@code 4·B·H·T²·dh} for attention, backward twice forward.
 */
class ComputeLedgerTest {
    private static final int V = 11;
    private static final int B = 2;
    private static final int T = 6;
    private final ComputeBackend be = new ReferenceBackend();

    /** Forward FLOPs of a GPT-2 on B×T tokens. */
    private static long gptForward(int d, int layers, int heads, int f) {
        long n = (long) B * T;
        long perLayer = 2 * n * d * (3L * d) + 2 * n * d * d + 2 * n * d * f + 2 * n * f * d
                + 4L * B * heads * T * T * (d / heads);
        return layers * perLayer + 2 * n * d * V;
    }

    /** Forward FLOPs of BERT's encoder on B×T tokens plus the MLM head on {@code predicted} positions. */
    private static long bertForward(int d, int layers, int heads, int f, int predicted) {
        long n = (long) B * T;
        long perLayer = 3 * (2 * n * d * d) + 2 * n * d * d + 2 * n * d * f + 2 * n * f * d
                + 4L * B * heads * T * T * (d / heads);
        return layers * perLayer + 2L * predicted * d * d + 2L * predicted * d * V;
    }

    private Tensor ids() {
        int[] x = new int[B * T];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 + 3) % V;
        }
        return Tensor.ofInts(be, x, B, T);
    }

    @Test
    void knowledgeInheritanceStepMatchesTheAnalyticCount() {
        Gpt2LMHeadModel student = new Gpt2LMHeadModel(be, Gpt2Config.of(V, T, 16, 2, 4, 32), 1);
        Gpt2LMHeadModel teacherModel = new Gpt2LMHeadModel(be, Gpt2Config.of(V, T, 8, 1, 2, 16), 2);
        FrozenTeacher<Tensor> teacher = new FrozenTeacher<>(teacherModel, x -> teacherModel.forward(x, null));
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Linear(10), 2f);
        Tensor ids = ids();
        int[] tg = ids.toIntArray();
        Tensor targets = Tensor.ofInts(be, tg, B, T);

        ComputeLedger ledger = new ComputeLedger();
        Tensor teacherLogits;
        try (var m = ledger.measure(Category.TEACHER_FORWARD)) {
            teacherLogits = teacher.logits(ids);
        }
        Tensor loss;
        try (var m = ledger.measure(Category.STUDENT_FORWARD)) {
            loss = ki.loss(student.forward(ids, null), teacherLogits, targets, 0).total();
        }
        try (var m = ledger.measure(Category.STUDENT_BACKWARD)) {
            loss.backward();
        }
        long sf = gptForward(16, 2, 4, 32);
        long tf = gptForward(8, 1, 2, 16);
        assertEquals(tf, ledger.flops(Category.TEACHER_FORWARD));
        assertEquals(sf, ledger.flops(Category.STUDENT_FORWARD));
        assertEquals(2 * sf, ledger.flops(Category.STUDENT_BACKWARD));

        ledger.add(Category.GROWTH, 123);
        ledger.add(Category.SOURCE_PRETRAINING, 1_000_000);
        try (var m = ledger.measure(Category.EVALUATION)) {
            student.forward(ids, null);
        }
        assertEquals(sf, ledger.flops(Category.EVALUATION));
        assertEquals(3 * sf + tf + 123, ledger.training(false));
        assertEquals(3 * sf + tf + 123 + 1_000_000, ledger.training(true));
        ComputeLedger.Report r = ledger.report();
        assertEquals(ledger.training(false), r.training());
        assertEquals(ledger.training(true), r.trainingWithSource());
        assertEquals(r, ComputeLedger.restore(r).report());
    }

    @Test
    void maskedLanguageModelStepMatchesTheAnalyticCount() {
        BertForMaskedLM bert = new BertForMaskedLM(be, BertConfig.of(V, 16, 2, 2, 40, T), 3);
        Tensor ids = ids();
        Tensor positions = Tensor.ofInts(be, new int[] {1, 4, 0, 5}, B, 2);
        ComputeLedger ledger = new ComputeLedger();
        Tensor loss;
        try (var m = ledger.measure(Category.WARMUP)) {
            Tensor logits = bert.forwardAt(ids, null, null, positions);
            loss = logits.sum();
            loss.backward();
        }
        assertEquals(3 * bertForward(16, 2, 2, 40, 4), ledger.flops(Category.WARMUP));
    }

    @Test
    void measurementsDoNotNestAndCountsStayNonNegative() {
        ComputeLedger ledger = new ComputeLedger();
        try (var outer = ledger.measure(Category.RECOVERY)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ledger.measure(Category.STUDENT_FORWARD));
            assertEquals(true, e.getMessage().contains("RECOVERY"));
        }
        try (var again = ledger.measure(Category.STUDENT_FORWARD)) {
            assertEquals(0, again.count());
        }
        assertThrows(IllegalArgumentException.class, () -> ledger.add(Category.GROWTH, -1));
        assertEquals(0, ledger.training(true));
    }
}
