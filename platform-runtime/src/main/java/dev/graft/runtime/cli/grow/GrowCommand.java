package dev.graft.runtime.cli.grow;

import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.spi.ModelFamily;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.surgery.DepthOperator;
import dev.graft.api.surgery.GrowthResult;
import dev.graft.api.surgery.GrowthSpec;
import dev.graft.api.surgery.LogitDeviation;
import dev.graft.api.surgery.ModelGrowth;
import dev.graft.api.surgery.NewLayerInit;
import dev.graft.api.surgery.UnitChoice;
import dev.graft.api.surgery.WidthOperator;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import dev.graft.runtime.cli.BackendOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft grow SOURCE_DIR --method fpi|aki [--hidden H] [--layers L] [--heads A] [--ffn F] [--seed S] --out DIR}:
 * grows a BERT or GPT-2 Hugging Face directory into a wider and deeper one with bert2BERT's operators and writes
 * an ordinary Hugging Face directory (config.json, model.safetensors, the source's tokenizer files).
 */
@Command(name = "grow", mixinStandardHelpOptions = true,
        header = "Grow a BERT or GPT-2 model into a wider and deeper one (bert2BERT's FPI or AKI).",
        description = {"Hidden size, heads, feed-forward size and layers each default to the source's; heads default to"
                + " hidden size / the source's head size (growth adds whole heads) and the feed-forward size to the"
                + " source's scaled by the hidden-size ratio.",
                "FPI with a whole-number hidden-size ratio, the left unit map and no noise preserves the source's"
                + " function exactly (depth growth too for GPT-2 with --new-layers identity); everything else is"
                + " reported as not exact, with the deviation measured on a probe batch.",
                "Writes OUT as a Hugging Face directory that 'graft model forward' and transformers load."})
public final class GrowCommand implements Callable<Integer> {
    /** Growth operators by their command-line names. */
    enum Method {
        fpi(WidthOperator.FPI), aki(WidthOperator.AKI);

        final WidthOperator operator;

        Method(WidthOperator operator) {
            this.operator = operator;
        }
    }

    /** Unit maps by their command-line names. */
    enum Units {
        left(UnitChoice.LEFT), random(UnitChoice.RANDOM);

        final UnitChoice choice;

        Units(UnitChoice choice) {
            this.choice = choice;
        }
    }

    /** Depth operators by their command-line names. */
    enum Depth {
        stack(DepthOperator.STACK), interpolate(DepthOperator.INTERPOLATE);

        final DepthOperator operator;

        Depth(DepthOperator operator) {
            this.operator = operator;
        }
    }

    /** New-layer initialisations by their command-line names. */
    enum NewLayers {
        copy(NewLayerInit.COPY), identity(NewLayerInit.IDENTITY);

        final NewLayerInit init;

        NewLayers(NewLayerInit init) {
            this.init = init;
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_DIR", description = "A Hugging Face BERT or GPT-2 directory.")
    Path source;

    @Option(names = "--method", required = true, description = "Width operator: ${COMPLETION-CANDIDATES}.")
    Method method;

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden size of the grown model.")
    Integer hidden;

    @Option(names = "--layers", paramLabel = "L", description = "Number of layers of the grown model.")
    Integer layers;

    @Option(names = "--heads", paramLabel = "A", description = "Attention heads of the grown model.")
    Integer heads;

    @Option(names = "--ffn", paramLabel = "F", description = "Feed-forward size of the grown model.")
    Integer ffn;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of random unit maps and noise (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--units", description = "How new units pick the unit they copy: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}; random is bert2BERT's default and not exact).")
    Units units = Units.left;

    @Option(names = "--depth", description = "Which source layer each new layer copies: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}, bert2BERT's).")
    Depth depth = Depth.stack;

    @Option(names = "--new-layers", description = "Added layers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
            + " identity zeroes their residual output projections, which is exact for pre-LN GPT-2.")
    NewLayers newLayers = NewLayers.copy;

    @Option(names = "--noise", paramLabel = "STD", description = "Gaussian noise on copied weights (default: ${DEFAULT-VALUE}).")
    float noise = 0f;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the grown model (new or empty).")
    Path out;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(source)) {
            throw new NoSuchFileException(source.toString(), null, "the source model directory does not exist");
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new ParameterException(spec.commandLine(), out + " exists and is not an empty directory; choose a"
                    + " new --out");
        }
        requirePositive("--hidden", hidden);
        requirePositive("--layers", layers);
        requirePositive("--heads", heads);
        requirePositive("--ffn", ffn);
        PrintWriter w = spec.commandLine().getOut();
        try (ComputeBackend be = backendOption.create()) {
            spec.commandLine().getErr().println("graft: " + backendOption.choiceMessage());
            ModelFamily family = ModelFamilies.forDirectory(source);
            try (PretrainedModel loaded = family.load(source, be)) {
                GrowthResult<? extends PretrainedModule> r = grow(loaded);
                PretrainedModule grown = r.model();
                LogitDeviation dev = probe((PretrainedModule) loaded, grown, be);
                Files.createDirectories(out);
                family.save(grown, out);
                w.printf(Locale.ROOT, "grew %s: %s -> %s%n", family.name(), sizes((PretrainedModule) loaded),
                        sizes(grown));
                w.printf(Locale.ROOT, "method %s, units %s, depth %s, new layers %s, noise %s, seed %d%n", method,
                        units, depth, newLayers, noise, seed);
                w.printf(Locale.ROOT, "function preservation: %s; on a probe batch max |dlogit| = %.3e, mean %.3e,"
                        + " top-1 agreement %.3f%n", r.exactness().exact() ? "exact by construction" : r.exactness(),
                        dev.maxAbs(), dev.meanAbs(), dev.top1Agreement());
                w.println(out);
                w.flush();
                grown.close();
            }
        }
        return 0;
    }

    private void requirePositive(String option, Integer size) {
        if (size != null && size < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be >= 1, got " + size);
        }
    }

    private GrowthResult<? extends PretrainedModule> grow(PretrainedModel loaded) {
        GrowthSpec growth = new GrowthSpec(method.operator, units.choice, depth.operator, newLayers.init, noise, seed);
        if (loaded instanceof BertForMaskedLM bert) {
            BertConfig c = bert.modelConfig();
            int h = hidden != null ? hidden : c.hiddenSize();
            return ModelGrowth.grow(bert, c.withSizes(h, layersOr(c.numHiddenLayers()), headsOr(h, c.headSize()),
                    ffnOr(c.intermediateSize(), c.hiddenSize(), h)), growth);
        }
        if (loaded instanceof Gpt2LMHeadModel gpt) {
            Gpt2Config c = gpt.modelConfig();
            int h = hidden != null ? hidden : c.nEmbd();
            return ModelGrowth.grow(gpt, c.withSizes(h, layersOr(c.nLayer()), headsOr(h, c.nEmbd() / c.nHead()),
                    ffnOr(c.nInner(), c.nEmbd(), h)), growth);
        }
        throw new IllegalArgumentException(source + ": growth handles BERT (BertForMaskedLM) and GPT-2"
                + " (GPT2LMHeadModel) directories; this one is a " + loaded.family() + " model of class "
                + loaded.getClass().getSimpleName());
    }

    private int layersOr(int sourceLayers) {
        return layers != null ? layers : sourceLayers;
    }

    private int headsOr(int hiddenSize, int headSize) {
        if (heads != null) {
            return heads;
        }
        if (hiddenSize % headSize != 0) {
            throw new IllegalArgumentException("--hidden " + hiddenSize + " is not a multiple of the source's head size "
                    + headSize + "; growth adds whole heads");
        }
        return hiddenSize / headSize;
    }

    private int ffnOr(int sourceFfn, int sourceHidden, int hiddenSize) {
        if (ffn != null) {
            return ffn;
        }
        long f = (long) sourceFfn * hiddenSize;
        if (f % sourceHidden != 0) {
            throw new IllegalArgumentException("the source's feed-forward size " + sourceFfn + " scaled by "
                    + hiddenSize + "/" + sourceHidden + " is not whole; give --ffn");
        }
        return (int) (f / sourceHidden);
    }

    /** Logits of both models on one probe batch of random ids, evaluation mode. */
    private static LogitDeviation probe(PretrainedModule source, PretrainedModule grown, ComputeBackend be) {
        int vocab;
        int positions;
        if (source instanceof BertForMaskedLM b) {
            vocab = b.modelConfig().vocabSize();
            positions = b.modelConfig().maxPositionEmbeddings();
        } else {
            Gpt2Config c = ((Gpt2LMHeadModel) source).modelConfig();
            vocab = c.vocabSize();
            positions = c.nPositions();
        }
        int t = Math.min(16, positions);
        int[] ids = new int[2 * t];
        Random rng = new Random(1234);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        Tensor x = Tensor.ofInts(be, ids, 2, t);
        source.eval();
        grown.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return LogitDeviation.between(logits(source, x), logits(grown, x));
        }
    }

    private static Tensor logits(PretrainedModule m, Tensor ids) {
        if (m instanceof BertForMaskedLM b) {
            return b.forward(ids, null, null);
        }
        return ((Gpt2LMHeadModel) m).forward(ids, null);
    }

    private static String sizes(PretrainedModule m) {
        if (m instanceof BertForMaskedLM b) {
            BertConfig c = b.modelConfig();
            return String.format(Locale.ROOT, "hidden %d, %d layers, %d heads, feed-forward %d", c.hiddenSize(),
                    c.numHiddenLayers(), c.numAttentionHeads(), c.intermediateSize());
        }
        Gpt2Config c = ((Gpt2LMHeadModel) m).modelConfig();
        return String.format(Locale.ROOT, "hidden %d, %d layers, %d heads, feed-forward %d", c.nEmbd(), c.nLayer(),
                c.nHead(), c.nInner());
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
