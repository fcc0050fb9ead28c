package dev.graft.api.nn;

import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A building block of a model: named parameters and named child modules, forming a tree whose dotted paths
 * are the checkpoint keys ({@code encoder.layer.0.attention.self.query.weight}). The name a module registers
 * for a child is Hugging Face's key segment exactly, whatever the Java field is called.
 *
 * <p>Each subclass declares its parameters and children in the constructor and its own {@code forward}
 * method(s); nothing else lives in it. A module calls {@link #hook} on the output of its forward pass so that
 * callers can read intermediate activations (neuron statistics, distillation, prompts) with
 * {@link #addForwardHook}.
 *
 * <p>Parameters are tensors with {@code requiresGrad}. The same tensor may be registered under two paths
 * (weight tying); {@link #parameters()} lists it once. Modules are not thread-safe.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardHook> hooks = new ArrayList<>();
    private boolean training = true;

    /** Observes the output of a module's forward pass. */
    @FunctionalInterface
    public interface ForwardHook {
        /**
         * @param module the module that produced the output
         * @param output the output tensor; read it, do not modify it
         */
        void onForward(Module module, Tensor output);
    }

    /** A registered hook; close it to remove the hook. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a parameter under a key segment and marks it as requiring a gradient.
     *
     * @return the tensor
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        params.put(name, Objects.requireNonNull(tensor, name).requiresGrad(true));
        return tensor;
    }

    /**
     * Registers a child module under a key segment.
     *
     * @return the child
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, Objects.requireNonNull(module, name));
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module and parameter names are single key segments, got '" + name + "'");
        }
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** @return every parameter by its dotted path, in registration order; tied parameters appear under each path */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        params.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", out));
    }

    /** @return every distinct parameter tensor once, in registration order */
    public final List<Tensor> parameters() {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : namedParameters().values()) {
            if (seen.put(t, Boolean.TRUE) == null) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return the total number of distinct parameter elements */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : parameters()) {
            n += t.numel();
        }
        return n;
    }

    /** @return every module of the tree by its dotted path ({@code ""} for this one) */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        out.put("", this);
        children.forEach((k, m) -> m.namedModules().forEach((p, c) -> out.put(p.isEmpty() ? k : k + "." + p, c)));
        return out;
    }

    /** @return the direct children by key segment */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * @return the parameter at a dotted path
     * @throws IllegalArgumentException naming the path if there is none
     */
    public final Tensor parameter(String path) {
        Tensor t = namedParameters().get(path);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + path + "' in " + getClass().getSimpleName());
        }
        return t;
    }

    /**
     * Replaces the parameter at a dotted path with another tensor of the same shape (loading, tying, growth).
     * Only this path changes; other paths that shared the old tensor keep it.
     */
    public final void replaceParameter(String path, Tensor tensor) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (!params.containsKey(path)) {
                throw new IllegalArgumentException("no parameter '" + path + "' in " + getClass().getSimpleName());
            }
            Tensor old = params.get(path);
            if (!java.util.Arrays.equals(old.shape(), tensor.shape())) {
                throw new IllegalArgumentException("parameter '" + path + "' has shape "
                        + java.util.Arrays.toString(old.shape()) + ", replacement has "
                        + java.util.Arrays.toString(tensor.shape()));
            }
            params.put(path, tensor.requiresGrad(true));
            return;
        }
        Module child = children.get(path.substring(0, dot));
        if (child == null) {
            throw new IllegalArgumentException("no module '" + path.substring(0, dot) + "' in "
                    + getClass().getSimpleName());
        }
        child.replaceParameter(path.substring(dot + 1), tensor);
    }

    /**
     * Replaces a parameter with one of any shape (growth surgery changes shapes); the caller keeps the model
     * consistent.
     */
    public final void resizeParameter(String path, Tensor tensor) {
        int dot = path.lastIndexOf('.');
        Module owner = dot < 0 ? this : namedModules().get(path.substring(0, dot));
        String leaf = path.substring(dot + 1);
        if (owner == null || !owner.params.containsKey(leaf)) {
            throw new IllegalArgumentException("no parameter '" + path + "' in " + getClass().getSimpleName());
        }
        owner.params.put(leaf, tensor.requiresGrad(true));
    }

    /**
     * The current value of one of this module's own parameters; forward passes read parameters through this
     * method so that replaced parameters take effect.
     */
    protected final Tensor param(String name) {
        return params.get(name);
    }

    /** Sets training mode (dropout active) on this module and every descendant. */
    public Module train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    /** Sets evaluation mode (dropout off) on this module and every descendant. */
    public final Module eval() {
        return train(false);
    }

    /** @return whether this module is in training mode */
    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /**
     * Adds a hook called with every output this module passes to {@link #hook}.
     *
     * @return a registration that removes the hook when closed
     */
    public final Registration addForwardHook(ForwardHook hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** Runs the forward hooks on an output and returns it; subclasses call it at the end of {@code forward}. */
    protected final Tensor hook(Tensor output) {
        for (int i = 0; i < hooks.size(); i++) {
            hooks.get(i).onForward(this, output);
        }
        return output;
    }
}
