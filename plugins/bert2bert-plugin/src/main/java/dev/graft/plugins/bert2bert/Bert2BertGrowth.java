package dev.graft.plugins.bert2bert;

import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.spi.GrowthOperator;
import dev.graft.api.spi.Parameter;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.spi.RunContext;
import dev.graft.api.surgery.DepthOperator;
import dev.graft.api.surgery.GrowthSpec;
import dev.graft.api.surgery.ModelGrowth;
import dev.graft.api.surgery.NewLayerInit;
import dev.graft.api.surgery.UnitChoice;
import dev.graft.api.surgery.WidthOperator;
import java.util.List;
import java.util.Locale;

/**
 * What FPI and AKI share: the options of the growth (unit maps, depth operator, new layers, noise) and the
 * dispatch to {@link ModelGrowth} for BERT ({@code BertForMaskedLM}) and GPT-2 ({@code GPT2LMHeadModel}). The
 * grown model keeps the source's configuration except the sizes, and its side files (tokenizer).
 */
abstract class Bert2BertGrowth implements GrowthOperator {
    static final Parameter<String> UNITS = Parameter.choice("units", "left",
            "how new units pick the unit they copy: left (g(j) = j mod d, uniform for whole-number ratios) or random"
                    + " (bert2BERT's default, uneven)", "left", "random");
    static final Parameter<String> DEPTH = Parameter.choice("depth", "stack",
            "which source layer each target layer copies: stack (bert2BERT) or interpolate (ELLE)", "stack",
            "interpolate");
    static final Parameter<String> NEW_LAYERS = Parameter.choice("new-layers", "copy",
            "added layers: copy, or identity (zero residual output projections: exact for pre-LN GPT-2)", "copy",
            "identity");
    static final Parameter<Double> NOISE = Parameter.real("noise", 0.0,
            "standard deviation of Gaussian noise on copied weights (ELLE uses 0.01)").between(0, 1);

    /** @return the width operator */
    abstract WidthOperator operator();

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(UNITS, DEPTH, NEW_LAYERS, NOISE);
    }

    @Override
    public PretrainedModel grow(PretrainedModel source, Target target, ParameterValues p, RunContext context) {
        GrowthSpec spec = new GrowthSpec(operator(), UnitChoice.valueOf(p.get(UNITS).toUpperCase(Locale.ROOT)),
                DepthOperator.valueOf(p.get(DEPTH).toUpperCase(Locale.ROOT)),
                NewLayerInit.valueOf(p.get(NEW_LAYERS).toUpperCase(Locale.ROOT)), p.get(NOISE).floatValue(),
                context.seed());
        if (source instanceof BertForMaskedLM bert) {
            return ModelGrowth.grow(bert, bert.modelConfig().withSizes(target.hiddenSize(), target.layers(),
                    target.heads(), target.intermediateSize()), spec).model();
        }
        if (source instanceof Gpt2LMHeadModel gpt) {
            return ModelGrowth.grow(gpt, gpt.modelConfig().withSizes(target.hiddenSize(), target.layers(),
                    target.heads(), target.intermediateSize()), spec).model();
        }
        throw new IllegalArgumentException(name() + " grows BERT (BertForMaskedLM) and GPT-2 (GPT2LMHeadModel) models;"
                + " got a " + source.family() + " model of class " + source.getClass().getSimpleName());
    }
}
