package dev.graft.api.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of modules registered under {@code "0"}, {@code "1"}, ... (Hugging Face's
 * {@code encoder.layer.0}, {@code transformer.h.0}).
 *
 * @param <M> the element type
 */
public final class ModuleList<M extends Module> extends Module {
    private final List<M> items = new ArrayList<>();

    /** Appends a module under the next index. */
    public M add(M module) {
        registerModule(Integer.toString(items.size()), module);
        items.add(module);
        return module;
    }

    /** @return the module at an index */
    public M get(int i) {
        return items.get(i);
    }

    /** @return the number of modules */
    public int size() {
        return items.size();
    }

    /** @return the modules, in order */
    public List<M> items() {
        return Collections.unmodifiableList(items);
    }
}
