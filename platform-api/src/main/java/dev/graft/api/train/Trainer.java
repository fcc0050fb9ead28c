package dev.graft.api.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.api.internal.StrictJson;
import dev.graft.api.model.io.AtomicFiles;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.nn.Dropout;
import dev.graft.api.nn.Module;
import dev.graft.api.optim.AdamW;
import dev.graft.api.optim.GradClip;
import dev.graft.api.optim.ParamGroup;
import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.tensor.TensorScope;
import dev.graft.api.train.ComputeLedger.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A deterministic, resumable training loop: for each step, the learning rate of the schedule, the batch at the
 * step's index, the objective's loss and its backward pass, global gradient clipping and an AdamW update; a
 * validation before the first step, every {@link TrainingConfig#evalEvery()} steps and after the last; compute
 * booked to a {@link ComputeLedger}; checkpoints; cancellation between steps.
 *
 * <p><b>Determinism.</b> With the same model initialisation, configuration, batch source and objective on the
 * same backend, two runs give the same bits. <b>Resuming.</b> A checkpoint holds the model's parameters, AdamW's
 * moments and step count, the number of completed steps (which is also the data position: step {@code s} trains
 * on {@code batch(s)}), the counters of the model's dropout streams, the ledger and the curve so far. A run that
 * finds a checkpoint in its store continues from it, and ends with the same bits as a run that was never
 * interrupted. It refuses a checkpoint written under another configuration or for other parameters.
 *
 * <p><b>Optimizer.</b> AdamW over the model's distinct parameters in two groups: matrices with the configured
 * weight decay, vectors (biases, LayerNorm gains and shifts) without. The caller may set moments on
 * {@link #optimizer()} before {@link #run} (optimizer state carried over a growth); a resumed run replaces them
 * with the checkpoint's. Likewise, compute booked on {@link #ledger()} before the run (growth, the source's
 * pre-training) is kept, and replaced by the checkpoint's ledger on resume.
 *
 * <p>Not thread-safe, except that the cancellation flag may be set from any thread.
 *
 * @param <B> the batch type
 */
public final class Trainer<B> {
    /** The version of the checkpoint layout this class writes and reads. */
    public static final int CHECKPOINT_FORMAT = 1;
    private static final String MODEL_FILE = "model.safetensors";
    private static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String STATE_FILE = "trainer.json";

    private final Module model;
    private final TrainingConfig config;
    private final BatchSource<B> data;
    private final Objective<B> objective;
    private final Validation validation;
    private final AdamW optimizer;
    private final Map<String, Tensor> parameters;
    private final List<DropoutRng> dropout;
    private ComputeLedger ledger = new ComputeLedger();

    /**
     * @param model      the model to train (put in training mode by {@link #run})
     * @param config     steps, schedule, optimizer, clipping, evaluation and checkpoint intervals
     * @param data       the batch of each step
     * @param objective  the loss
     * @param validation the held-out loss the curve records
     */
    public Trainer(Module model, TrainingConfig config, BatchSource<B> data, Objective<B> objective,
                   Validation validation) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = Objects.requireNonNull(config, "config");
        this.data = Objects.requireNonNull(data, "data");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.validation = Objects.requireNonNull(validation, "validation");
        this.parameters = distinctParameters(model);
        List<Tensor> decay = new ArrayList<>();
        List<Tensor> noDecay = new ArrayList<>();
        for (Tensor p : parameters.values()) {
            (p.rank() >= 2 ? decay : noDecay).add(p);
        }
        this.optimizer = new AdamW(List.of(new ParamGroup(decay, config.weightDecay()), new ParamGroup(noDecay, 0f)),
                config.schedule().at(0), config.beta1(), config.beta2(), config.eps());
        Map<DropoutRng, Boolean> seen = new IdentityHashMap<>();
        List<DropoutRng> streams = new ArrayList<>();
        for (Module m : model.namedModules().values()) {
            if (m instanceof Dropout d && seen.put(d.rng(), Boolean.TRUE) == null) {
                streams.add(d.rng());
            }
        }
        this.dropout = List.copyOf(streams);
    }

    /** @return the optimizer; set moments on it before {@link #run} to carry state over */
    public AdamW optimizer() {
        return optimizer;
    }

    /** @return the ledger; book compute spent before training on it before {@link #run} */
    public ComputeLedger ledger() {
        return ledger;
    }

    /** @return the configuration */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains to the configured number of steps, or until cancelled.
     *
     * @param checkpoints where to resume from and save to; {@code null} for neither
     * @param cancelled   checked between steps; when it turns true a checkpoint is saved (if there is a store)
     *                    and the run returns {@link TrainingResult.Status#CANCELLED}
     * @param listener    observes steps and evaluations
     * @return how the run ended, with the whole curve and the ledger
     * @throws IOException if a checkpoint cannot be read or written
     * @throws IllegalStateException if the checkpoint found was written under another configuration or model
     */
    public TrainingResult run(CheckpointStore checkpoints, BooleanSupplier cancelled, TrainingListener listener)
            throws IOException {
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(listener, "listener");
        List<CurvePoint> curve = new ArrayList<>();
        int step = 0;
        Optional<Path> resume = checkpoints == null ? Optional.empty() : checkpoints.latest();
        if (resume.isPresent()) {
            step = restore(resume.get(), curve);
        } else {
            curve.add(evaluate(0));
            listener.onEvaluation(curve.getLast());
        }
        model.train(true);
        List<Tensor> params = List.copyOf(parameters.values());
        while (step < config.steps()) {
            if (cancelled.getAsBoolean()) {
                if (checkpoints != null) {
                    save(checkpoints, step, curve);
                }
                return new TrainingResult(TrainingResult.Status.CANCELLED, step, new LossCurve(curve),
                        ledger.report());
            }
            float lr = config.schedule().at(step);
            optimizer.setLearningRate(lr);
            // The step's activations and temporaries give their memory back when the step ends, for the next
            // step to reuse; gradients and AdamW's moments outlive it (TensorScope).
            try (TensorScope stepScope = TensorScope.open()) {
                B batch = data.batch(step);
                boolean warm = objective.isWarmup(step);
                optimizer.zeroGrad();
                Tensor teacher;
                try (var m = ledger.measure(warm ? Category.WARMUP : Category.TEACHER_FORWARD)) {
                    teacher = objective.teacherLogits(batch, step);
                }
                StepLoss loss;
                try (var m = ledger.measure(warm ? Category.WARMUP : Category.STUDENT_FORWARD)) {
                    loss = objective.loss(batch, teacher, step);
                }
                try (var m = ledger.measure(warm ? Category.WARMUP : Category.STUDENT_BACKWARD)) {
                    loss.total().backward();
                }
                double norm = config.clipNorm() > 0 ? GradClip.clipGlobalNorm(params, config.clipNorm())
                        : GradClip.clipGlobalNorm(params, Double.POSITIVE_INFINITY);
                optimizer.step();
                step++;
                listener.onStep(new StepMetrics(step - 1, loss.total().item(), loss.lm(), loss.kd(), loss.alpha(),
                        lr, norm, ledger.training(false)));
            }
            if (step % config.evalEvery() == 0 || step == config.steps()) {
                curve.add(evaluate(step));
                listener.onEvaluation(curve.getLast());
            }
            if (checkpoints != null && (step == config.steps()
                    || config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0)) {
                save(checkpoints, step, curve);
            }
        }
        return new TrainingResult(TrainingResult.Status.COMPLETED, step, new LossCurve(curve), ledger.report());
    }

    private CurvePoint evaluate(int step) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double loss;
        try (NoGrad ignored = NoGrad.enter(); var m = ledger.measure(Category.EVALUATION)) {
            loss = validation.loss();
        } finally {
            model.train(wasTraining);
        }
        return new CurvePoint(step, ledger.training(false), ledger.training(true), loss);
    }

    // ------------------------------------------------------------------ checkpoints

    private void save(CheckpointStore store, int step, List<CurvePoint> curve) throws IOException {
        store.save(step, dir -> {
            SafetensorsWriter weights = new SafetensorsWriter().metadata("format", "pt");
            SafetensorsWriter moments = new SafetensorsWriter().metadata("format", "pt");
            for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
                Tensor p = e.getValue();
                weights.putFloats(e.getKey(), p.shape(), p.toFloatArray());
                Tensor[] mv = optimizer.moments(p);
                moments.putFloats("exp_avg." + e.getKey(), p.shape(), mv[0].toFloatArray());
                moments.putFloats("exp_avg_sq." + e.getKey(), p.shape(), mv[1].toFloatArray());
            }
            weights.write(dir.resolve(MODEL_FILE));
            moments.write(dir.resolve(OPTIMIZER_FILE));
            JsonObject state = new JsonObject();
            state.addProperty("format", CHECKPOINT_FORMAT);
            state.addProperty("config", config.toString());
            state.addProperty("step", step);
            state.addProperty("data_position", step);
            state.addProperty("adamw_step", optimizer.stepCount());
            JsonArray counters = new JsonArray();
            for (DropoutRng r : dropout) {
                JsonObject c = new JsonObject();
                c.addProperty("seed", r.seed());
                c.addProperty("counter", r.counter());
                counters.add(c);
            }
            state.add("dropout", counters);
            JsonObject compute = new JsonObject();
            ledger.report().flops().forEach((k, v) -> compute.addProperty(k.name(), v));
            state.add("compute", compute);
            JsonArray points = new JsonArray();
            for (CurvePoint p : curve) {
                JsonObject o = new JsonObject();
                o.addProperty("step", p.step());
                o.addProperty("flops", p.flops());
                o.addProperty("flops_with_source", p.flopsWithSource());
                o.addProperty("loss", p.loss());
                points.add(o);
            }
            state.add("curve", points);
            Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();
            AtomicFiles.writeString(dir.resolve(STATE_FILE), gson.toJson(state));
        });
    }

    private int restore(Path dir, List<CurvePoint> curve) throws IOException {
        Path stateFile = dir.resolve(STATE_FILE);
        JsonObject state = StrictJson.readState(stateFile, "the checkpoint is damaged: remove " + dir
                + " to resume from the one before it (or from the start if it is the only one)");
        int format = state.get("format").getAsInt();
        if (format != CHECKPOINT_FORMAT) {
            throw new IOException(stateFile + ": field 'format' is " + format + ", this version reads "
                    + CHECKPOINT_FORMAT);
        }
        String savedConfig = state.get("config").getAsString();
        if (!savedConfig.equals(config.toString())) {
            throw new IllegalStateException(stateFile + ": field 'config' is " + savedConfig
                    + ", but this run is configured as " + config + "; resume with the same configuration");
        }
        Path weightsFile = dir.resolve(MODEL_FILE);
        Path momentsFile = dir.resolve(OPTIMIZER_FILE);
        try (SafetensorsFile weights = SafetensorsFile.open(weightsFile);
             SafetensorsFile moments = SafetensorsFile.open(momentsFile)) {
            if (!weights.tensors().keySet().equals(parameters.keySet())) {
                TreeSet<String> missing = new TreeSet<>(parameters.keySet());
                missing.removeAll(weights.tensors().keySet());
                TreeSet<String> extra = new TreeSet<>(weights.tensors().keySet());
                extra.removeAll(parameters.keySet());
                throw new IllegalStateException(weightsFile + " does not hold this model's parameters: missing "
                        + missing + ", unexpected " + extra);
            }
            for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
                Tensor p = e.getValue();
                p.copyFrom(read(weights, e.getKey(), p));
                optimizer.setMoments(p, Tensor.of(p.backend(), read(moments, "exp_avg." + e.getKey(), p), p.shape()),
                        Tensor.of(p.backend(), read(moments, "exp_avg_sq." + e.getKey(), p), p.shape()));
            }
        }
        optimizer.setStepCount(state.get("adamw_step").getAsInt());
        JsonArray counters = state.getAsJsonArray("dropout");
        if (counters.size() != dropout.size()) {
            throw new IllegalStateException(stateFile + ": field 'dropout' has " + counters.size()
                    + " streams, this model has " + dropout.size());
        }
        for (int i = 0; i < dropout.size(); i++) {
            JsonObject c = counters.get(i).getAsJsonObject();
            if (c.get("seed").getAsLong() != dropout.get(i).seed()) {
                throw new IllegalStateException(stateFile + ": dropout stream " + i + " has seed "
                        + c.get("seed").getAsLong() + ", this model's has " + dropout.get(i).seed());
            }
            dropout.get(i).setCounter(c.get("counter").getAsLong());
        }
        EnumMap<Category, Long> flops = new EnumMap<>(Category.class);
        for (Map.Entry<String, JsonElement> e : state.getAsJsonObject("compute").entrySet()) {
            flops.put(Category.valueOf(e.getKey()), e.getValue().getAsLong());
        }
        ledger = ComputeLedger.restore(new ComputeLedger.Report(flops, 0, 0));
        for (JsonElement e : state.getAsJsonArray("curve")) {
            JsonObject o = e.getAsJsonObject();
            curve.add(new CurvePoint(o.get("step").getAsInt(), o.get("flops").getAsLong(),
                    o.get("flops_with_source").getAsLong(), o.get("loss").getAsDouble()));
        }
        int step = state.get("step").getAsInt();
        if (step < 0 || step > config.steps() || state.get("data_position").getAsLong() != step) {
            throw new IOException(stateFile + ": field 'step' is " + step + " (data_position "
                    + state.get("data_position") + "), expected 0.." + config.steps() + " and equal positions");
        }
        return step;
    }

    private static float[] read(SafetensorsFile file, String name, Tensor p) throws IOException {
        if (!file.contains(name)) {
            throw new IOException(file.path() + ": no tensor '" + name + "'");
        }
        int[] shape = file.info(name).shape();
        if (!Arrays.equals(p.shape(), shape)) {
            throw new IOException(file.path() + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + ", the model's parameter has " + Arrays.toString(p.shape()));
        }
        return file.readFloats(name);
    }

    /** Each distinct parameter tensor under the first path it appears at. */
    private static Map<String, Tensor> distinctParameters(Module model) {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.namedParameters().forEach((path, t) -> {
            if (seen.put(t, Boolean.TRUE) == null) {
                out.put(path, t);
            }
        });
        return out;
    }
}
