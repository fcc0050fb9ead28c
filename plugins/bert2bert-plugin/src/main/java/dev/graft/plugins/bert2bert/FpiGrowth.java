package dev.graft.plugins.bert2bert;

import dev.graft.api.surgery.WidthOperator;

/**
 * bert2BERT's function-preserving initialisation (§4.1): new heads and neurons copy units of the same layer, and
 * every copied unit's outgoing weights are divided by its copy count. With a whole-number hidden-size ratio, the
 * left unit map and no noise, the grown model computes the source's function (depth growth of post-LN BERT and
 * plain layer copies excepted; see {@code dev.graft.api.surgery.Exactness}).
 */
public final class FpiGrowth extends Bert2BertGrowth {
    /** Creates the operator; the host finds it through {@code META-INF/services}. */
    public FpiGrowth() {
    }

    @Override
    WidthOperator operator() {
        return WidthOperator.FPI;
    }

    @Override
    public String name() {
        return "fpi";
    }

    @Override
    public boolean functionPreserving() {
        return true;
    }
}
