package dev.graft.plugins.bert2bert;

import dev.graft.api.surgery.WidthOperator;

/**
 * bert2BERT's advanced knowledge initialisation (§4.2): new heads and feed-forward neurons of layer {@code l}
 * (and their outgoing weights, divided by the same counts) come from layer {@code l + 1}, the top layer falling
 * back to FPI. Deliberately not function-preserving: it breaks FPI's symmetry with the next layer's knowledge.
 */
public final class AkiGrowth extends Bert2BertGrowth {
    /** Creates the operator; the host finds it through {@code META-INF/services}. */
    public AkiGrowth() {
    }

    @Override
    WidthOperator operator() {
        return WidthOperator.AKI;
    }

    @Override
    public String name() {
        return "aki";
    }

    @Override
    public boolean functionPreserving() {
        return false;
    }
}
