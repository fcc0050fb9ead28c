package dev.graft.api.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.nn.Module;
import dev.graft.api.optim.AdamW;
import dev.graft.api.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A {@link TensorScope} gives the memory of the tensors made inside it back to the backend when it closes. The
 * training tests run whole models for a few optimizer steps, one scope per step, on a backend that fills every
 * storage it gets back with NaN and refuses a storage given back twice: losses and weights must be bit-identical
 * to the same steps without scopes on the plain reference backend.
 */
class TensorScopeTest {

    /** Losses of every step, then every parameter after the last step. */
    private record Run(List<Float> losses, Map<String, float[]> weights) {
    }

    private static Run train(ComputeBackend be, TinyModelCase model, boolean scoped) {
        Module m = model.build(be);
        m.train(true);
        AdamW opt = new AdamW(m.parameters(), 1e-2f, 0.9f, 0.99f, 1e-8f, 0.1f);
        Random data = new Random(17);
        List<Float> losses = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            TensorScope scope = scoped ? TensorScope.open() : null;
            try {
                Tensor l = model.loss(m, data);
                opt.zeroGrad();
                l.backward();
                opt.step();
                losses.add(l.item());
            } finally {
                if (scope != null) {
                    scope.close();
                }
            }
        }
        Map<String, float[]> weights = new TreeMap<>();
        m.namedParameters().forEach((name, p) -> weights.put(name, p.toFloatArray()));
        return new Run(losses, weights);
    }

    private static void assertScopedStepsMatch(TinyModelCase model) {
        Run plain = train(new ReferenceBackend(), model, false);
        PoisoningBackend unscopedPoisoning = new PoisoningBackend();
        train(unscopedPoisoning.backend, model, false);
        PoisoningBackend poisoning = new PoisoningBackend();
        Run scoped = train(poisoning.backend, model, true);
        assertEquals(plain.losses(), scoped.losses());
        assertEquals(plain.weights().keySet(), scoped.weights().keySet());
        plain.weights().forEach((name, w) -> assertArrayEquals(w, scoped.weights().get(name), 0f, name));
        // The scopes gave back the forward activations too, not only what the backward pass releases anyway.
        assertTrue(poisoning.released.size() > 2 * unscopedPoisoning.released.size(),
                poisoning.released.size() + " storages given back with scopes, "
                        + unscopedPoisoning.released.size() + " without");
    }

    @Test
    void gpt2TrainingStepsInScopesMatchStepsWithout() {
        assertScopedStepsMatch(TinyModelCase.GPT2);
    }

    @Test
    void bertTrainingStepsInScopesMatchStepsWithout() {
        assertScopedStepsMatch(TinyModelCase.BERT);
    }

    @Test
    void t5TrainingStepsInScopesMatchStepsWithout() {
        assertScopedStepsMatch(TinyModelCase.T5);
    }

    @Test
    void aTensorMadeInsideCannotBeUsedAfterTheScopeCloses() {
        PoisoningBackend p = new PoisoningBackend();
        Tensor x = Tensor.randn(p.backend, new Random(1), 1f, 3, 4);
        Tensor y;
        Tensor view;
        Storage memory;
        try (TensorScope ignored = TensorScope.open()) {
            y = x.mul(x);
            memory = y.storage();
            view = y.reshape(4, 3).detach();
            assertEquals(12, y.toFloatArray().length);
        }
        assertTrue(p.released.containsKey(memory));
        IllegalStateException e = assertThrows(IllegalStateException.class, y::toFloatArray);
        assertTrue(e.getMessage().contains("TensorScope"), e.getMessage());
        assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
        assertThrows(IllegalStateException.class, view::toFloatArray);
        assertThrows(IllegalStateException.class, () -> y.add(x));
        assertThrows(IllegalStateException.class, () -> x.add(y));
        // Made before the scope opened: untouched.
        assertEquals(12, x.toFloatArray().length);
        assertFalse(p.released.containsKey(x.storage()));
    }

    @Test
    void keepMovesATensorToTheEnclosingScopeAndOutOfTheOutermost() {
        PoisoningBackend p = new PoisoningBackend();
        Tensor x = Tensor.randn(p.backend, new Random(2), 1f, 5);
        float[] expected = x.mul(x).toFloatArray();
        Tensor kept;
        Tensor keptTwice;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                kept = inner.keep(x.mul(x));
                keptTwice = outer.keep(inner.keep(x.mul(x)));
            }
            assertArrayEquals(expected, kept.toFloatArray(), 0f);
        }
        assertThrows(IllegalStateException.class, kept::toFloatArray);
        assertArrayEquals(expected, keptTwice.toFloatArray(), 0f);
    }

    @Test
    void gradientsOfLeavesAndOptimizerStateOutliveTheScope() {
        PoisoningBackend p = new PoisoningBackend();
        Tensor w = Tensor.randn(p.backend, new Random(3), 1f, 4, 4).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(w), 0.1f, 0.9f, 0f);
        try (TensorScope ignored = TensorScope.open()) {
            w.mul(w).sum().backward();
            sgd.step();
        }
        assertNotNull(w.grad());
        for (float v : w.grad().toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
        // The momentum buffer made inside the first scope is still readable in the second step.
        try (TensorScope ignored = TensorScope.open()) {
            sgd.step();
        }
        for (float v : w.toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
        Tensor escaped;
        try (TensorScope ignored = TensorScope.open()) {
            escaped = TensorScope.escape(w.mul(w));
        }
        assertEquals(16, escaped.toFloatArray().length);
    }

    @Test
    void scopesCloseInReverseOrderOnTheirOwnThread() throws InterruptedException {
        TensorScope outer = TensorScope.open();
        TensorScope inner = TensorScope.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("reverse order"), e.getMessage());
        Throwable[] fromOther = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                inner.close();
            } catch (Throwable ex) {
                fromOther[0] = ex;
            }
        });
        t.start();
        t.join();
        assertTrue(fromOther[0] instanceof IllegalStateException);
        inner.close();
        outer.close();
        outer.close();
    }
}
