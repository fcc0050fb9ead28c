package dev.graft.api.train.reuse;

import dev.graft.api.surgery.WidthOperator;

/** One way of training the target model in a study. */
public enum Arm {
    /** From a random initialisation, plain MLM. */
    SCRATCH("scratch", null),
    /**
     * From a random initialisation, with Knowledge Inheritance from the source (Qin et al., NAACL 2022): the
     * inheritance rate decays linearly from 1 to 0.
     */
    KI("ki", null),
    /** Grown from the source with bert2BERT's FPI, then two-stage training (Chen et al., ACL 2022). */
    BERT2BERT_FPI("bert2bert-fpi", WidthOperator.FPI),
    /** Grown from the source with bert2BERT's AKI, then two-stage training. */
    BERT2BERT_AKI("bert2bert-aki", WidthOperator.AKI);

    private final String label;
    private final WidthOperator growth;

    Arm(String label, WidthOperator growth) {
        this.label = label;
        this.growth = growth;
    }

    /** @return the name used in run ids, metrics and tables */
    public String label() {
        return label;
    }

    /** @return the width operator of a growth arm, or {@code null} for arms that do not grow the source */
    public WidthOperator growth() {
        return growth;
    }

    /** @return whether the arm uses the pre-trained source (so the source's pre-training may count) */
    public boolean usesSource() {
        return this != SCRATCH;
    }
}
