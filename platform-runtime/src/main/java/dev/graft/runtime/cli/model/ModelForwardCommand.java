package dev.graft.runtime.cli.model;

import dev.graft.api.model.HfBatch;
import dev.graft.api.model.HiddenStates;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import dev.graft.runtime.cli.BackendOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft model forward DIR --batch BATCH.json --out OUT.safetensors [--backward] [--adamw-steps N]}: one
 * teacher-forced pass of a model over a batch, written under {@code transformers}' output names, so that the
 * result can be compared with Python's tensor for tensor.
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        header = "Run a model over a batch and write logits, hidden states and gradients.",
        description = {"BATCH.json holds input_ids and attention_mask, optionally token_type_ids, decoder_input_ids "
                + "and labels (-100 marks ignored positions), as nested arrays: the keys of transformers' forward. "
                + "GPT-2 shifts its labels itself; T5's decoder reads the labels shifted right behind "
                + "decoder_start_token_id.",
                "OUT gets 'logits' and the hidden states ('hidden_states.i', or 'encoder_hidden_states.i' and "
                + "'decoder_hidden_states.i'); with --backward also 'loss' and 'grad.<parameter>' for every "
                + "parameter under its Hugging Face name. With --adamw-steps N it then takes N AdamW steps on the "
                + "batch and prints the loss before and after each as a JSON array of N + 1 numbers.",
                "Dropout is off: the pass is deterministic."})
final class ModelForwardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A Hugging Face model directory.")
    Path dir;

    @Option(names = "--batch", required = true, paramLabel = "BATCH.json", description = "The batch (see above).")
    Path batch;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "Where to write the outputs.")
    Path out;

    @Option(names = "--backward", description = "Also compute the loss and every parameter's gradient.")
    boolean backward;

    @Option(names = "--adamw-steps", paramLabel = "N", description = "AdamW steps to take on the batch after "
            + "writing OUT (default: ${DEFAULT-VALUE}).")
    int adamwSteps = 0;

    @Option(names = "--lr", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    float lr = 1e-3f;

    @Option(names = "--weight-decay", description = "AdamW weight decay, on every parameter (default: ${DEFAULT-VALUE}).")
    float weightDecay = 0.01f;

    @Option(names = "--beta1", description = "AdamW beta1 (default: ${DEFAULT-VALUE}).")
    float beta1 = 0.9f;

    @Option(names = "--beta2", description = "AdamW beta2 (default: ${DEFAULT-VALUE}).")
    float beta2 = 0.999f;

    @Option(names = "--eps", description = "AdamW epsilon (default: ${DEFAULT-VALUE}).")
    float eps = 1e-8f;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws IOException {
        if (adamwSteps < 0) {
            throw new ParameterException(spec.commandLine(), "--adamw-steps must be >= 0, got " + adamwSteps);
        }
        List<String> ignored = new ArrayList<>();
        HfBatch b = HfBatch.readJson(batch, ignored::add);
        if (!ignored.isEmpty()) {
            spec.commandLine().getErr().println("graft: " + batch + ": ignoring " + String.join(", ", ignored)
                    + " (a batch's keys are " + String.join(", ", HfBatch.JSON_KEYS) + ")");
        }
        boolean needLoss = backward || adamwSteps > 0;
        if (needLoss && b.labels() == null) {
            throw new IllegalArgumentException(batch + ": --backward and --adamw-steps need 'labels' in the batch");
        }
        try (ComputeBackend be = backendOption.create()) {
            spec.commandLine().getErr().println("graft: " + backendOption.choiceMessage());
            try (PretrainedModule model = ModelDirs.load(dir, be)) {
                model.eval();
                PretrainedModule.BatchOutput first;
                SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
                try (NoGrad scope = needLoss ? null : NoGrad.enter();
                     HiddenStates hs = HiddenStates.capture(model.hiddenStateTaps())) {
                    first = model.forward(b);
                    put(w, "logits", first.logits());
                    for (Map.Entry<String, Tensor> e : hs.states().entrySet()) {
                        put(w, e.getKey(), e.getValue());
                    }
                }
                if (backward) {
                    first.loss().backward();
                    put(w, "loss", first.loss());
                    for (Map.Entry<String, Tensor> p : model.checkpointParameters().entrySet()) {
                        Tensor g = p.getValue().grad();
                        put(w, "grad." + p.getKey(), g != null ? g : Tensor.zeros(be, p.getValue().shape()));
                    }
                }
                w.write(out);
                if (adamwSteps > 0) {
                    printLosses(adamw(model, b, first.loss()));
                }
            }
        }
        return 0;
    }

    private static void put(SafetensorsWriter w, String name, Tensor t) {
        w.putFloats(name, t.shape(), t.toFloatArray());
    }

    /** @return the loss before the first step and after each step */
    private List<Double> adamw(PretrainedModule model, HfBatch b, Tensor loss) {
        if (!backward) {
            loss.backward();
        }
        AdamW opt = new AdamW(model.parameters(), lr, beta1, beta2, eps, weightDecay);
        List<Double> losses = new ArrayList<>();
        losses.add((double) loss.item());
        for (int step = 1; step <= adamwSteps; step++) {
            opt.step();
            model.zeroGrad();
            if (step < adamwSteps) {
                Tensor l = model.forward(b).loss();
                losses.add((double) l.item());
                l.backward();
            } else {
                try (NoGrad ignored = NoGrad.enter()) {
                    losses.add((double) model.forward(b).loss().item());
                }
            }
        }
        return losses;
    }

    private void printLosses(List<Double> losses) {
        PrintWriter o = spec.commandLine().getOut();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < losses.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.9g", losses.get(i)));
        }
        o.println(sb.append(']'));
    }
}
