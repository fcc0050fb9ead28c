package dev.graft.runtime.cli.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.nn.Activation;
import dev.graft.api.nn.Module;
import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.FlopCounter;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.tensor.TensorScope;
import dev.graft.cuda.CudaBackend;
import dev.graft.cuda.Precision;
import dev.graft.runtime.cli.BackendOption;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code graft bench train}: trains the real GPT-2 or BERT model family at the anchor benchmark's sizes
 * (forward + backward + AdamW step on random tokens) and reports tokens/s, step time and achieved GFLOP/s.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Training throughput of a GPT-2- or BERT-style model.",
        description = "Builds the model with the same sizes and structure as the PyTorch anchor "
                + "(shared/bench/torch_gpt.py), runs warm-up steps, then times each step and prints the median.")
public final class BenchTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "gpt or bert (default: ${DEFAULT-VALUE})")
    BenchModel model = BenchModel.gpt;

    @Option(names = "--config", paramLabel = "tiny|small|base-124m", converter = ConfigConverter.class,
            description = "model size (default: tiny)")
    BenchSize.Name config = BenchSize.Name.tiny;

    /** Converts {@code --config} values. */
    static final class ConfigConverter implements picocli.CommandLine.ITypeConverter<BenchSize.Name> {
        @Override
        public BenchSize.Name convert(String value) {
            try {
                return BenchSize.Name.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--steps", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps = 10;

    @Option(names = "--warmup", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup = 3;

    @Option(names = "--batch", description = "sequences per step (default: the config's)")
    Integer batch;

    @Option(names = "--seed", description = "seed of the weights and data (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Option(names = "--profile", description = "also print the time each kernel takes per timed step")
    boolean profile;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() {
        BenchSize s0 = config.size();
        BenchSize s = batch == null ? s0 : new BenchSize(s0.vocab(), s0.d(), s0.layers(), s0.heads(), s0.ffn(),
                s0.seq(), batch);
        if (steps < 1 || warmup < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--steps must be >= 1 and --warmup >= 0");
        }
        try (ComputeBackend be = backendOption.create()) {
            spec.commandLine().getErr().println("graft: " + backendOption.choiceMessage());
            KernelProfile kernels = !profile ? null
                    : be instanceof CudaBackend cuda ? KernelProfile.wrap(be, cuda::synchronize) : KernelProfile.wrap(be);
            Result r = run(kernels == null ? be : kernels.backend(), kernels, s);
            print(r, be, kernels, s);
        }
        return 0;
    }

    private record Result(List<Double> stepSeconds, List<Double> losses, long countedFlopsPerStep, long params) {
    }

    /** @param kernels the profile wrapped around {@code be}, told which steps to record, or {@code null} */
    private Result run(ComputeBackend be, KernelProfile kernels, BenchSize s) {
        Random data = new Random(seed + 1);
        Module m;
        Supplier<Supplier<Tensor>> step; // draws a batch (untimed, as in the anchor), then returns its forward pass
        if (model == BenchModel.gpt) {
            Gpt2LMHeadModel gpt = new Gpt2LMHeadModel(be,
                    Gpt2Config.of(s.vocab(), s.seq(), s.d(), s.layers(), s.heads(), s.ffn()), seed);
            m = gpt;
            step = () -> {
                int[] in = new int[s.batch() * s.seq()];
                int[] tg = new int[in.length];
                for (int b = 0; b < s.batch(); b++) {
                    int prev = data.nextInt(s.vocab());
                    for (int t = 0; t < s.seq(); t++) {
                        int next = data.nextInt(s.vocab());
                        in[b * s.seq() + t] = prev;
                        tg[b * s.seq() + t] = next;
                        prev = next;
                    }
                }
                Tensor ids = Tensor.ofInts(be, in, s.batch(), s.seq());
                Tensor targets = Tensor.ofInts(be, tg, s.batch(), s.seq());
                return () -> gpt.loss(ids, null, targets);
            };
        } else {
            BertForMaskedLM bert = new BertForMaskedLM(be,
                    BertConfig.of(s.vocab(), s.d(), s.layers(), s.heads(), s.ffn(), s.seq())
                            .withActivation(Activation.GELU_NEW), seed);
            m = bert;
            int maskId = s.vocab() - 1;
            int mk = s.maskedPerSequence();
            step = () -> {
                int[] in = new int[s.batch() * s.seq()];
                int[] pos = new int[s.batch() * mk];
                int[] tg = new int[pos.length];
                for (int b = 0; b < s.batch(); b++) {
                    for (int t = 0; t < s.seq(); t++) {
                        in[b * s.seq() + t] = data.nextInt(s.vocab() - 1);
                    }
                    int[] perm = permutation(s.seq(), data);
                    for (int j = 0; j < mk; j++) {
                        pos[b * mk + j] = perm[j];
                        tg[b * mk + j] = in[b * s.seq() + perm[j]];
                        in[b * s.seq() + perm[j]] = maskId;
                    }
                }
                Tensor ids = Tensor.ofInts(be, in, s.batch(), s.seq());
                Tensor positions = Tensor.ofInts(be, pos, s.batch(), mk);
                Tensor targets = Tensor.ofInts(be, tg, tg.length);
                return () -> Functional.crossEntropy(bert.forwardAt(ids, null, null, positions), targets, -100, 0f);
            };
        }
        m.train(true);
        AdamW opt = new AdamW(m.parameters(), 3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f);
        List<Double> times = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        long flops = 0;
        for (int i = 0; i < warmup + steps; i++) {
            if (kernels != null) {
                kernels.recording(i >= warmup);
            }
            Supplier<Tensor> forward = step.get();
            long t0 = System.nanoTime();
            try (FlopCounter fc = FlopCounter.start(); TensorScope scope = TensorScope.open()) {
                Tensor l = forward.get();
                opt.zeroGrad();
                l.backward();
                opt.step();
                losses.add((double) l.item());
                flops = fc.count();
            }
            double dt = (System.nanoTime() - t0) / 1e9;
            if (i >= warmup) {
                times.add(dt);
            }
        }
        return new Result(times, losses, flops, m.parameterCount());
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void print(Result r, ComputeBackend be, KernelProfile kernels, BenchSize s) {
        double[] sorted = r.stepSeconds().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        long tokens = (long) s.batch() * s.seq();
        double flopsPerToken = s.trainFlopsPerToken(model);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.name());
        out.put("config", config.label());
        out.put("backend", be.name());
        out.put("device", be.device().toString());
        String precision = CudaBackend.precisionOf(be).map(Precision::id).orElse(null);
        if (precision == null) {
            out.put("threads", backendOption.threadsOrDefault());
        } else {
            out.put("precision", precision);
        }
        out.put("batch", s.batch());
        out.put("seq", s.seq());
        out.put("params", r.params());
        out.put("steps", sorted.length);
        out.put("step_ms", median * 1e3);
        out.put("step_ms_min", sorted[0] * 1e3);
        out.put("step_ms_max", sorted[sorted.length - 1] * 1e3);
        out.put("tokens_per_s", tokens / median);
        out.put("flops_per_token_exact", flopsPerToken);
        out.put("gflops", flopsPerToken * tokens / median / 1e9);
        out.put("counted_flops_per_token", (double) r.countedFlopsPerStep() / tokens);
        out.put("final_loss", r.losses().get(r.losses().size() - 1));
        out.put("losses", r.losses());
        out.put("seed", seed);
        out.put("java", Runtime.version().toString());
        out.put("step_times_ms", Arrays.stream(r.stepSeconds().stream().mapToDouble(d -> d * 1e3).toArray())
                .map(d -> Math.round(d * 10) / 10.0).toArray());
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
            w.println(gson.toJson(out));
        } else {
            int threads = backendOption.threadsOrDefault();
            String how = precision != null ? precision : threads + (threads == 1 ? " thread" : " threads");
            w.printf("%s-%s on %s (%s), batch %d x %d, %,d parameters, seed %d%n", model, config.label(), be.device(),
                    how, s.batch(), s.seq(), r.params(), seed);
            w.printf("  tokens/s   %,.0f%n", tokens / median);
            w.printf("  step       %.1f ms (median of %d; min %.1f, max %.1f)%n", median * 1e3, sorted.length,
                    sorted[0] * 1e3, sorted[sorted.length - 1] * 1e3);
            w.printf("  GFLOP/s    %.1f (%.1f MFLOP per token)%n", flopsPerToken * tokens / median / 1e9,
                    flopsPerToken / 1e6);
            w.printf("  final loss %.4f%n", r.losses().get(r.losses().size() - 1));
        }
        if (kernels != null) {
            double total = r.stepSeconds().stream().mapToDouble(Double::doubleValue).sum();
            PrintWriter to = json ? spec.commandLine().getErr() : w; // stdout stays one JSON object
            kernels.print(to, Math.round(total * 1e9), r.stepSeconds().size());
            to.flush();
        }
        w.flush();
    }
}
