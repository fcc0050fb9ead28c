package dev.graft.runtime.cpu;

import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.Storage;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A warmed-up GEMM throughput harness for the transformer shapes of the benchmark models (the
 * forward, input-gradient and weight-gradient products of gpt-tiny and gpt-small, and batched
 * attention-sized products). Prints one JSON object per shape with the median wall time of the timed
 * repetitions and the GFLOP/s it implies, plus the calling thread's CPU time, which is less disturbed
 * by other processes on a shared machine.
 *
 * <pre>{@code
 * ./mvnw -q -pl platform-runtime -am test-compile -DskipTests
 * java --add-modules jdk.incubator.vector -cp platform-runtime/target/classes:platform-runtime/target/test-classes:platform-api/target/classes \
 *      dev.graft.runtime.cpu.GemmBench [--threads 2] [--reps 15] [--warmup 10] [--shape 2048x768x256:NN ...]
 * }</pre>
 *
 * <p>Shape syntax: {@code MxNxK:XY} with X, Y in {N, T} for transA, transB, and an optional
 * {@code Bx} prefix for a batch ({@code 64x128x128x64:NT}).
 *
 * <p>The first line reports the fused multiply-add throughput the machine gives right now to the same
 * number of threads (independent FMA chains in registers, no memory traffic): on a shared machine this
 * is the ceiling the GEMM figures should be read against.
 */
public final class GemmBench {
    private GemmBench() {
    }

    /** The default shapes: gpt-tiny (d 256, ff 1024, V 8192, 2048 tokens), gpt-small (d 512, ff 2048) and attention. */
    static final String[] SHAPES = {
            "2048x768x256:NN", "2048x1024x256:NN", "2048x256x1024:NN", "2048x8192x256:NT",
            "2048x256x768:NT", "256x768x2048:TN", "2048x256x8192:NN", "8192x256x2048:TN",
            "2048x1536x512:NN", "2048x2048x512:NN", "2048x512x2048:NN", "512x2048x2048:TN", "2048x8192x512:NT",
            "64x128x128x64:NT", "64x128x64x128:NN"};

    /**
     * The calling thread's CPU time through {@code java.lang.management}, looked up reflectively because
     * the module under test does not read {@code java.management}.
     */
    static final class ThreadCpu {
        private final Object bean;
        private final Method time;

        ThreadCpu() {
            try {
                bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
                time = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("java.management is not available", e);
            }
        }

        long nanos() {
            try {
                return (long) time.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

    /** @return GFLOP/s of {@code threads} threads each running 12 independent FMA chains, best of 5 */
    static double fmaPeak(int threads) {
        double best = 0;
        int iters = 20_000_000;
        for (int rep = 0; rep < 5; rep++) {
            Thread[] ts = new Thread[threads];
            float[] sink = new float[threads];
            long t0 = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                int id = i;
                ts[i] = Thread.ofPlatform().start(() -> sink[id] = fmaChains(iters, id));
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return best;
                }
            }
            double dt = System.nanoTime() - t0;
            best = Math.max(best, threads * 2.0 * 12 * SP.length() * iters / dt);
        }
        return best;
    }

    private static float fmaChains(int n, float seed) {
        FloatVector a0 = FloatVector.broadcast(SP, seed);
        FloatVector a1 = a0.add(1f);
        FloatVector a2 = a0.add(2f);
        FloatVector a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f);
        FloatVector a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f);
        FloatVector a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f);
        FloatVector a9 = a0.add(9f);
        FloatVector a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        FloatVector m = FloatVector.broadcast(SP, 0.999f);
        FloatVector c = FloatVector.broadcast(SP, 0.001f);
        for (int i = 0; i < n; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.MAX);
    }

    record Shape(int batch, int m, int n, int k, boolean ta, boolean tb, String text) {
        static Shape parse(String s) {
            String[] parts = s.split(":");
            String[] dims = parts[0].split("x");
            int[] d = Arrays.stream(dims).mapToInt(Integer::parseInt).toArray();
            int o = d.length == 4 ? 1 : 0;
            String t = parts.length > 1 ? parts[1] : "NN";
            return new Shape(o == 1 ? d[0] : 1, d[o], d[o + 1], d[o + 2], t.charAt(0) == 'T', t.charAt(1) == 'T', s);
        }

        GemmSpec spec() {
            return new GemmSpec(batch, m, n, k, ta, tb, (long) m * k, (long) k * n, (long) m * n);
        }
    }

    public static void main(String[] args) {
        int threads = 2;
        int reps = 15;
        int warmup = 10;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--shape" -> shapes.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --threads N, --reps N, --warmup N or --shape MxNxK:XY");
            }
        }
        if (shapes.isEmpty()) {
            shapes.addAll(List.of(SHAPES));
        }
        System.out.println(String.format(Locale.ROOT, "{\"fma_peak_gflops\": %.1f, \"threads\": %d}",
                fmaPeak(threads), threads));
        ThreadCpu mx = new ThreadCpu();
        try (CpuBackend be = new CpuBackend(threads)) {
            // One untimed pass over every shape first, so that no shape is timed while the JIT still compiles.
            for (String text : shapes) {
                Shape s = Shape.parse(text);
                Storage a = be.allocate(dev.graft.api.tensor.DType.F32, (long) s.batch * s.m * s.k);
                Storage b = be.allocate(dev.graft.api.tensor.DType.F32, (long) s.batch * s.k * s.n);
                Storage c = be.allocate(dev.graft.api.tensor.DType.F32, (long) s.batch * s.m * s.n);
                for (int i = 0; i < warmup; i++) {
                    be.gemm(s.spec(), a, 0, b, 0, c, 0, null, 0f);
                }
            }
            for (String text : shapes) {
                Shape s = Shape.parse(text);
                Random r = new Random(1);
                Storage a = HeapStorage.ofFloats(Compare.normal(r, s.batch * s.m * s.k, 1));
                Storage b = HeapStorage.ofFloats(Compare.normal(r, s.batch * s.k * s.n, 1));
                Storage c = be.allocate(dev.graft.api.tensor.DType.F32, (long) s.batch * s.m * s.n);
                GemmSpec g = s.spec();
                for (int i = 0; i < warmup; i++) {
                    be.gemm(g, a, 0, b, 0, c, 0, null, 0f);
                }
                double[] wall = new double[reps];
                double[] cpu = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long c0 = mx.nanos();
                    long t0 = System.nanoTime();
                    be.gemm(g, a, 0, b, 0, c, 0, null, 0f);
                    wall[i] = System.nanoTime() - t0;
                    cpu[i] = mx.nanos() - c0;
                }
                Arrays.sort(wall);
                Arrays.sort(cpu);
                double med = wall[reps / 2];
                System.out.println(String.format(Locale.ROOT,
                        "{\"shape\": \"%s\", \"threads\": %d, \"median_ms\": %.3f, \"gflops\": %.1f, \"best_gflops\": %.1f, "
                                + "\"caller_cpu_gflops\": %.1f}",
                        s.text, threads, med / 1e6, g.flops() / med, g.flops() / wall[0], g.flops() / cpu[reps / 2]));
            }
        }
    }
}
