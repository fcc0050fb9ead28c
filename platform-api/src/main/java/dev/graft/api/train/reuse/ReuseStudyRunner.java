package dev.graft.api.train.reuse;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.api.internal.StrictJson;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.io.AtomicFiles;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.surgery.DepthOperator;
import dev.graft.api.surgery.GrowthResult;
import dev.graft.api.surgery.GrowthSpec;
import dev.graft.api.surgery.ModelGrowth;
import dev.graft.api.surgery.NewLayerInit;
import dev.graft.api.surgery.UnitChoice;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.CounterRng;
import dev.graft.api.tensor.FlopCounter;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.train.AlphaSchedule;
import dev.graft.api.train.BertPretraining;
import dev.graft.api.train.CheckpointStore;
import dev.graft.api.train.ComputeLedger;
import dev.graft.api.train.CurvePoint;
import dev.graft.api.train.KnowledgeInheritance;
import dev.graft.api.train.LossCurve;
import dev.graft.api.train.MlmBatch;
import dev.graft.api.train.Objective;
import dev.graft.api.train.StepMetrics;
import dev.graft.api.train.Trainer;
import dev.graft.api.train.TrainingConfig;
import dev.graft.api.train.TrainingListener;
import dev.graft.api.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Runs a {@link ReuseStudy}: pre-trains the source (or reads it from the cache), then trains the target with
 * every arm at equal compute, sweeping the learning rate on the first seed and running the other seeds at each
 * arm's best rate.
 *
 * <p><b>Order.</b> The source; then for each learning rate of the sweep, each arm on seed 0 (an arm with a fixed
 * rate runs once, in the first round); then for each further seed, each arm at its chosen rate. Each arm's chosen
 * rate is the one with the lowest final validation loss on seed 0 (the smaller rate on a tie).
 *
 * <p><b>Equal compute.</b> The scratch run's {@code scratchSteps} full steps set the budget. Knowledge
 * Inheritance gets as many steps as fit when the teacher's forward passes are counted (its {@code T_KI} is
 * {@code kiFraction} of those steps); bert2BERT runs its first stage ({@code firstStageFraction} of the scratch
 * steps, on sub-structures) and then as many full steps as the rest of the budget pays for, after the growth's own
 * arithmetic. The cost of each kind of step is measured once with the engine's FLOP counter, which is exact
 * because every batch has the same shape. The source's pre-training is never part of the budget; the savings are
 * reported with and without it.
 *
 * <p><b>Seeds.</b> Seed index {@code k} fixes the target's initialisation, the order and masking of its data, and
 * the growth's and first stage's draws, for every arm alike; the source has its own seeds. All are derived from
 * the study's seed, so the same seed on the same backend gives the same bits.
 *
 * <p><b>Resuming.</b> With a checkpoint store, every run checkpoints into it together with the study's progress
 * (the runs finished so far); a study started on a store that holds a checkpoint of the same study continues
 * from it and ends with the same numbers as an uninterrupted one. Global steps (of checkpoints, and of every
 * step and evaluation reported to the {@link Observer}) place each run after all runs before it in the order
 * above, the source's included: a run of {@code n} steps starting at global step {@code g} evaluates first at
 * {@code g}, reports its steps at {@code g + 1 .. g + n}, and the next run starts at {@code g + n + 1}. So every
 * checkpoint's global step is below the next run's first report. The trained source is written to the source cache, keyed by its configuration, its
 * training, its seed and the data's fingerprint; a later study with the same key reads it instead of training.
 *
 * <p>Not thread-safe; the cancellation flag may be set from any thread.
 */
public final class ReuseStudyRunner {
    /** The version of the study-checkpoint and source-cache layouts. */
    public static final int FORMAT = 1;
    private static final String STATE = "study.json";
    private static final String RUN_DIR = "run";

    /** Observes a study's progress, on the training thread. */
    public interface Observer {
        /** Called before a run starts or resumes; {@code done} steps of it are already behind it. */
        default void onRunStart(String runId, int steps, int done) {
        }

        /** Called after each step of a run; {@code globalStep} counts from the start of the study. */
        default void onStep(String runId, long globalStep, StepMetrics metrics) {
        }

        /** Called after each validation of a run. */
        default void onEvaluation(String runId, long globalStep, CurvePoint point) {
        }

        /** Called when a run finished (also for a run read back from a checkpoint or cache). */
        default void onRunEnd(String runId, LossCurve curve) {
        }
    }

    private final ReuseStudy study;
    private final ReuseData data;
    private final ComputeBackend backend;
    private final long seed;
    private final List<MlmBatch> validation;

    /**
     * @param study   what to run
     * @param data    the batches
     * @param backend where every tensor lives
     * @param seed    the study's seed
     * @throws IllegalArgumentException if the data's vocabulary does not match the models'
     */
    public ReuseStudyRunner(ReuseStudy study, ReuseData data, ComputeBackend backend, long seed) {
        this.study = Objects.requireNonNull(study, "study");
        this.data = Objects.requireNonNull(data, "data");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.seed = seed;
        if (data.vocabSize() != study.source().vocabSize()) {
            throw new IllegalArgumentException("the data's vocabulary has " + data.vocabSize()
                    + " tokens, the models' vocab_size is " + study.source().vocabSize());
        }
        this.validation = List.copyOf(data.validation());
    }

    /**
     * Runs the study, or continues it from the store's checkpoint.
     *
     * @param store       where checkpoints go; {@code null} for none (then nothing resumes)
     * @param sourceCache the directory of cached sources (created if missing)
     * @param cancelled   checked between steps
     * @param observer    progress
     * @return the results so far; {@link StudyResult.Status#CANCELLED} if stopped
     * @throws IOException if a checkpoint or the cache cannot be read or written
     * @throws IllegalStateException if the store holds a checkpoint of another study
     */
    public StudyResult run(CheckpointStore store, Path sourceCache, BooleanSupplier cancelled, Observer observer)
            throws IOException {
        Objects.requireNonNull(sourceCache, "sourceCache");
        Objects.requireNonNull(observer, "observer");
        List<ArmRun> done = new ArrayList<>();
        if (store != null) {
            Optional<Path> latest = store.latest();
            if (latest.isPresent()) {
                done.addAll(readState(latest.get()));
            }
        }
        Progress progress = new Progress(store, done, cancelled, observer);
        Optional<SourceModel> source = source(sourceCache, progress);
        if (source.isEmpty()) {
            return new StudyResult(StudyResult.Status.CANCELLED, study, seed, null, done, Map.of());
        }
        SourceModel src = source.get();
        progress.offset = study.sourceSteps() + 1L;
        Costs costs = measure(src.model());
        Map<Arm, Float> chosen = new EnumMap<>(Arm.class);
        int sweep = study.allArms().stream().mapToInt(a -> study.ratesFor(a).size()).max().orElse(0);
        for (int i = 0; i < sweep; i++) {
            for (Arm arm : study.allArms()) {
                List<Float> rates = study.ratesFor(arm);
                if (i < rates.size() && progress.run(arm, rates.get(i), 0, src, costs) == null) {
                    return new StudyResult(StudyResult.Status.CANCELLED, study, seed, src, done, chosen);
                }
            }
        }
        for (Arm arm : study.allArms()) {
            chosen.put(arm, done.stream().filter(r -> r.arm() == arm && r.seed() == 0)
                    .min(Comparator.comparingDouble((ArmRun r) -> r.curve().finalLoss())
                            .thenComparingDouble(ArmRun::learningRate))
                    .orElseThrow().learningRate());
        }
        for (int s = 1; s < study.seeds(); s++) {
            for (Arm arm : study.allArms()) {
                if (progress.run(arm, chosen.get(arm), s, src, costs) == null) {
                    return new StudyResult(StudyResult.Status.CANCELLED, study, seed, src, done, chosen);
                }
            }
        }
        return new StudyResult(StudyResult.Status.COMPLETED, study, seed, src, done, chosen);
    }

    // ------------------------------------------------------------------ seeds

    private long derived(long stream) {
        return CounterRng.bits(seed, stream);
    }

    private long initSeed(int k) {
        return derived(100 + k);
    }

    private long dataSeed(int k) {
        return derived(200 + k);
    }

    private long growthSeed(int k) {
        return derived(300 + k);
    }

    // ------------------------------------------------------------------ source

    private String sourceKey() {
        String identity = "format=" + FORMAT + "\nsource=" + study.source() + "\nsteps=" + study.sourceSteps()
                + "\nlr=" + study.sourceLr() + "\nwarmup=" + study.warmupFraction() + "\neval=" + study.evalEvery()
                + "\nseed=" + seed + "\ndata=" + data.fingerprint() + "\nvalidation=" + validation.size();
        return sha256(identity).substring(0, 24);
    }

    private Optional<SourceModel> source(Path cache, Progress progress) throws IOException {
        Path dir = cache.resolve(sourceKey());
        BertForMaskedLM model = new BertForMaskedLM(backend, study.source(), derived(1));
        if (Files.isRegularFile(dir.resolve("source.json"))) {
            JsonObject meta = parse(dir.resolve("source.json"));
            load(model, dir.resolve("model.safetensors"));
            model.eval();
            LossCurve curve = StudyJson.curve(meta.getAsJsonArray("curve"));
            progress.observer.onRunEnd("source", curve);
            return Optional.of(new SourceModel(model, meta.get("steps").getAsInt(), meta.get("flops").getAsLong(),
                    curve, true));
        }
        TrainingConfig cfg = config(study.sourceSteps(), study.sourceLr());
        Trainer<MlmBatch> trainer = new Trainer<>(model, cfg, data.train(derived(2)), BertPretraining.mlm(model),
                BertPretraining.validation(model, validation));
        TrainingResult r = progress.train("source", trainer, 0);
        if (r.status() == TrainingResult.Status.CANCELLED) {
            return Optional.empty();
        }
        model.eval();
        long flops = r.compute().training();
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".tmp-" + dir.getFileName() + "-");
        try {
            save(model, tmp.resolve("model.safetensors"));
            JsonObject meta = new JsonObject();
            meta.addProperty("format", FORMAT);
            meta.addProperty("config", study.source().toString());
            meta.addProperty("steps", study.sourceSteps());
            meta.addProperty("flops", flops);
            meta.add("curve", StudyJson.curve(r.curve()));
            AtomicFiles.writeString(tmp.resolve("source.json"), gson().toJson(meta));
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
        return Optional.of(new SourceModel(model, study.sourceSteps(), flops, r.curve(), false));
    }

    // ------------------------------------------------------------------ equal compute

    /** Measured cost of each kind of step. */
    private record Costs(long full, long teacher, Map<Integer, Long> subStructure) {
    }

    private Costs measure(BertForMaskedLM source) {
        MlmBatch b = data.train(dataSeed(0)).batch(0);
        BertForMaskedLM probe = new BertForMaskedLM(backend, study.target(), 0);
        probe.train(true);
        long full = stepFlops(probe, b, -1);
        long teacher;
        try (FlopCounter c = FlopCounter.start(); NoGrad ignored = NoGrad.enter()) {
            source.forwardAt(b.ids(), null, b.attentionMask(), b.positions());
            teacher = c.count();
        }
        Map<Integer, Long> sub = new LinkedHashMap<>();
        int depth = study.target().numHiddenLayers();
        int ls = study.source().numHiddenLayers();
        for (int k = 1; k * ls < depth + ls; k++) {
            int layers = Math.min(depth, k * ls);
            sub.put(layers, stepFlops(probe, b, layers));
        }
        return new Costs(full, teacher, sub);
    }

    private static long stepFlops(BertForMaskedLM m, MlmBatch b, int layers) {
        try (FlopCounter c = FlopCounter.start()) {
            Tensor logits = layers < 0 ? m.forwardAt(b.ids(), null, b.attentionMask(), b.positions())
                    : m.forwardAt(b.ids(), null, b.attentionMask(), b.positions(), layers);
            logits.sum().backward();
            m.zeroGrad();
            return c.count();
        }
    }

    private int kiSteps(Costs c) {
        long budget = (long) study.scratchSteps() * c.full();
        for (int n = study.scratchSteps(); n > 0; n--) {
            long tki = kiHorizon(n);
            if (n * c.full() + Math.min(n, tki) * c.teacher() <= budget) {
                return n;
            }
        }
        throw new IllegalStateException("the scratch budget does not pay for one Knowledge Inheritance step");
    }

    private int kiHorizon(int steps) {
        return Math.max(1, (int) Math.round(study.kiFraction() * steps));
    }

    private int firstStageSteps() {
        return (int) Math.round(study.firstStageFraction() * study.scratchSteps());
    }

    private int bert2bertSteps(Costs c, long growthFlops, long stageSeed) {
        long budget = (long) study.scratchSteps() * c.full() - growthFlops;
        int first = firstStageSteps();
        int depth = study.target().numHiddenLayers();
        int ls = study.source().numHiddenLayers();
        for (int s = 0; s < first; s++) {
            budget -= c.subStructure().get(BertPretraining.subStructureLayers(depth, ls, stageSeed, s));
        }
        if (budget < c.full()) {
            throw new IllegalStateException("bert2BERT's first stage of " + first + " steps uses the whole budget;"
                    + " lower firstStageFraction");
        }
        return first + (int) (budget / c.full());
    }

    // ------------------------------------------------------------------ runs

    private TrainingConfig config(int steps, float lr) {
        int warmup = (int) Math.round(study.warmupFraction() * steps);
        return TrainingConfig.pretraining(steps, lr, warmup, study.evalEvery())
                .withCheckpointEvery(study.checkpointEvery());
    }

    /** The study's progress: finished runs, the global step offset, the store and the observer. */
    private final class Progress {
        private final CheckpointStore store;
        private final List<ArmRun> done;
        private final BooleanSupplier cancelled;
        private final Observer observer;
        private long offset;

        Progress(CheckpointStore store, List<ArmRun> done, BooleanSupplier cancelled, Observer observer) {
            this.store = store;
            this.done = done;
            this.cancelled = cancelled;
            this.observer = observer;
        }

        /** Runs (or reads back) one arm; null if cancelled. */
        ArmRun run(Arm arm, float lr, int k, SourceModel src, Costs costs) throws IOException {
            String id = ArmRun.id(arm, lr, k);
            Optional<ArmRun> finished = done.stream().filter(r -> r.id().equals(id)).findFirst();
            if (finished.isPresent()) {
                offset += finished.get().steps() + 1L;
                observer.onRunEnd(id, finished.get().curve());
                return finished.get();
            }
            BertForMaskedLM model;
            Objective<MlmBatch> objective;
            int steps;
            long growthFlops = 0;
            switch (arm) {
                case SCRATCH -> {
                    model = new BertForMaskedLM(backend, study.target(), initSeed(k));
                    objective = BertPretraining.mlm(model);
                    steps = study.scratchSteps();
                }
                case KI -> {
                    model = new BertForMaskedLM(backend, study.target(), initSeed(k));
                    steps = kiSteps(costs);
                    objective = BertPretraining.knowledgeInheritance(model, src.model(),
                            new KnowledgeInheritance(new AlphaSchedule.Linear(kiHorizon(steps)),
                                    study.kiTemperature()));
                }
                case BERT2BERT_FPI, BERT2BERT_AKI -> {
                    GrowthSpec spec = new GrowthSpec(arm.growth(), UnitChoice.LEFT, DepthOperator.STACK,
                            NewLayerInit.COPY, 0f, growthSeed(k));
                    GrowthResult<BertForMaskedLM> grown = ModelGrowth.grow(src.model(), study.target(), spec);
                    model = grown.model();
                    growthFlops = grown.flops();
                    steps = bert2bertSteps(costs, growthFlops, growthSeed(k));
                    objective = BertPretraining.twoStage(model, study.source().numHiddenLayers(),
                            firstStageSteps(), growthSeed(k));
                }
                default -> throw new IllegalStateException("unknown arm " + arm);
            }
            Trainer<MlmBatch> trainer = new Trainer<>(model, config(steps, lr), data.train(dataSeed(k)), objective,
                    BertPretraining.validation(model, validation));
            if (arm.usesSource()) {
                trainer.ledger().add(ComputeLedger.Category.SOURCE_PRETRAINING, src.flops());
            }
            trainer.ledger().add(ComputeLedger.Category.GROWTH, growthFlops);
            TrainingResult r = train(id, trainer, offset);
            if (r.status() == TrainingResult.Status.CANCELLED) {
                return null;
            }
            ArmRun run = new ArmRun(arm, lr, k, steps, r.curve(), r.compute());
            done.add(run);
            offset += steps + 1L;
            return run;
        }

        TrainingResult train(String id, Trainer<MlmBatch> trainer, long base) throws IOException {
            CheckpointStore sub = store == null ? null : new RunCheckpoints(store, id, base, done);
            int resumedAt = 0;
            if (sub != null) {
                Optional<Path> at = sub.latest();
                if (at.isPresent()) {
                    resumedAt = parse(at.get().resolve("trainer.json")).get("step").getAsInt();
                }
            }
            observer.onRunStart(id, trainer.config().steps(), resumedAt);
            TrainingResult r = trainer.run(sub, cancelled, new TrainingListener() {
                @Override
                public void onStep(StepMetrics m) {
                    observer.onStep(id, base + m.step() + 1, m);
                }

                @Override
                public void onEvaluation(CurvePoint p) {
                    observer.onEvaluation(id, base + p.step(), p);
                }
            });
            if (r.status() == TrainingResult.Status.COMPLETED) {
                observer.onRunEnd(id, r.curve());
            }
            return r;
        }
    }

    /**
     * A run's view of the study's store: its checkpoints are saved at the global step with the study's progress
     * beside them, and only a checkpoint of this run is offered for resuming.
     */
    private final class RunCheckpoints implements CheckpointStore {
        private final CheckpointStore outer;
        private final String id;
        private final long base;
        private final List<ArmRun> done;

        RunCheckpoints(CheckpointStore outer, String id, long base, List<ArmRun> done) {
            this.outer = outer;
            this.id = id;
            this.base = base;
            this.done = done;
        }

        @Override
        public void save(long step, Writer writer) throws IOException {
            outer.save(base + step, dir -> {
                Path run = Files.createDirectory(dir.resolve(RUN_DIR));
                writer.write(run);
                JsonObject state = new JsonObject();
                state.addProperty("format", FORMAT);
                state.addProperty("study", identity());
                state.addProperty("current", id);
                JsonArray runs = new JsonArray();
                done.forEach(r -> runs.add(StudyJson.run(r)));
                state.add("finished", runs);
                AtomicFiles.writeString(dir.resolve(STATE), gson().toJson(state));
            });
        }

        @Override
        public Optional<Path> latest() throws IOException {
            Optional<Path> p = outer.latest();
            if (p.isEmpty() || !Files.isRegularFile(p.get().resolve(STATE))) {
                return Optional.empty();
            }
            JsonObject state = parse(p.get().resolve(STATE));
            return state.get("current").getAsString().equals(id) ? Optional.of(p.get().resolve(RUN_DIR))
                    : Optional.empty();
        }
    }

    private String identity() {
        return sha256("format=" + FORMAT + "\nstudy=" + study + "\nseed=" + seed + "\ndata=" + data.fingerprint()
                + "\nbackend=" + backend.name());
    }

    private List<ArmRun> readState(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(checkpoint + " is not a checkpoint of a reuse study (no " + STATE + ")");
        }
        JsonObject state = parse(file);
        if (state.get("format").getAsInt() != FORMAT) {
            throw new IOException(file + ": field 'format' is " + state.get("format") + ", expected " + FORMAT);
        }
        if (!state.get("study").getAsString().equals(identity())) {
            throw new IllegalStateException(file + ": field 'study' identifies another study (configuration, seed,"
                    + " data or backend differ); resume with the same settings or start a new run");
        }
        List<ArmRun> runs = new ArrayList<>();
        for (JsonElement e : state.getAsJsonArray("finished")) {
            runs.add(StudyJson.run(e.getAsJsonObject()));
        }
        return runs;
    }

    // ------------------------------------------------------------------ files

    private static void save(BertForMaskedLM model, Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (seen.put(e.getValue(), Boolean.TRUE) == null) {
                w.putFloats(e.getKey(), e.getValue().shape(), e.getValue().toFloatArray());
            }
        }
        w.write(file);
    }

    private static void load(BertForMaskedLM model, Path file) throws IOException {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
                if (seen.put(e.getValue(), Boolean.TRUE) != null) {
                    continue;
                }
                if (!f.contains(e.getKey())) {
                    throw new IOException(file + ": no tensor '" + e.getKey() + "' for the cached source model");
                }
                if (!java.util.Arrays.equals(f.info(e.getKey()).shape(), e.getValue().shape())) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' has shape "
                            + java.util.Arrays.toString(f.info(e.getKey()).shape()) + ", expected "
                            + java.util.Arrays.toString(e.getValue().shape()));
                }
                e.getValue().copyFrom(f.readFloats(e.getKey()));
            }
        }
    }

    /** Reads a state file of a checkpoint or of the source cache, which is one directory below its entry. */
    private static JsonObject parse(Path file) throws IOException {
        Path entry = file.getParent().getFileName().toString().equals(RUN_DIR) ? file.getParent().getParent()
                : file.getParent();
        return StrictJson.readState(file, "it is damaged: remove " + entry + " and what it held is computed again");
    }

    private static Gson gson() {
        return new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
