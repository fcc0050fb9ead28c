package dev.graft.api.model;

import dev.graft.api.nn.Module;
import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a model's hidden states during a forward pass through {@link Module#addForwardHook forward hooks},
 * under Hugging Face's output names ({@code hidden_states.0}, {@code encoder_hidden_states.1}, ...).
 *
 * <p>A model lists its {@link Tap taps}: each names one hidden state and the module whose forward output it
 * is. While open, the first output each tapped module produces is kept (later outputs of the same module, as in
 * step-by-step generation, are ignored until {@link #clear()}). The tensors are the forward pass's own (no copy):
 * read them, do not modify them. Close to remove the hooks.
 *
 * <pre>{@code
 * try (HiddenStates hs = HiddenStates.capture(model.hiddenStateTaps())) {
 *     Tensor logits = model.forward(ids, mask);
 *     Tensor first = hs.states().get("hidden_states.0");
 * }
 * }</pre>
 */
public final class HiddenStates implements AutoCloseable {
    /**
     * One hidden state: the output of {@code module}'s forward pass, saved as {@code name}.
     *
     * @param name   the output name, e.g. {@code hidden_states.0}
     * @param module the module whose forward output it is
     */
    public record Tap(String name, Module module) {
    }

    private final List<Tap> taps;
    private final Map<String, Tensor> states = new LinkedHashMap<>();
    private final List<Module.Registration> registrations = new ArrayList<>();

    private HiddenStates(List<Tap> taps) {
        this.taps = List.copyOf(taps);
    }

    /**
     * Starts collecting.
     *
     * @param taps the model's taps, in output order
     * @return the collector; close it
     */
    public static HiddenStates capture(List<Tap> taps) {
        HiddenStates hs = new HiddenStates(taps);
        for (Tap t : hs.taps) {
            hs.registrations.add(t.module().addForwardHook((m, out) -> hs.states.putIfAbsent(t.name(), out)));
        }
        return hs;
    }

    /**
     * @return the states collected so far, in tap order
     * @throws IllegalStateException naming the first tap that has not fired
     */
    public Map<String, Tensor> states() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Tap t : taps) {
            Tensor s = states.get(t.name());
            if (s == null) {
                throw new IllegalStateException("hidden state '" + t.name() + "' was not produced by "
                        + t.module().getClass().getSimpleName() + " in this forward pass");
            }
            out.put(t.name(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Forgets the collected states, so that the next forward pass is collected. */
    public void clear() {
        states.clear();
    }

    /** Removes the hooks. Idempotent. */
    @Override
    public void close() {
        registrations.forEach(Module.Registration::close);
        registrations.clear();
    }
}
