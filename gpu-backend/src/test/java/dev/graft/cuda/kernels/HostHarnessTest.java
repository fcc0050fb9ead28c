package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.CounterRng;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.UnaryOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the {@code __host__ __device__} functions of {@code common.cuh} (the very text the kernels use)
 * for the CPU with nvcc, and compares them with the Java definitions: the counter RNG and AdamW bit for bit,
 * the bf16 rounding on closed-form cases, the elementwise maths within float rounding of the
 * ReferenceBackend, the n-dimensional offsets against the plain strided definition, and the byte layout of
 * the structs the Java side packs. Skipped, with the reason, where nvcc is absent.
 */
class HostHarnessTest {
    private static Path nvcc;

    @BeforeAll
    static void findNvcc() {
        nvcc = Nvcc.find().orElse(null);
        Assumptions.assumeTrue(nvcc != null, Nvcc.ABSENT);
    }

    private static final String MAIN = """
            static float fb(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
            static unsigned bf(float f) { unsigned u; memcpy(&u, &f, 4); return u; }
            int main() {
                char cmd[32];
                while (scanf("%31s", cmd) == 1) {
                    if (!strcmp(cmd, "rng")) {
                        long long s, c; scanf("%lld %lld", &s, &c);
                        printf("%lld %u\\n", (long long) counter_rng_bits((u64) s, (u64) c), bf(counter_rng_uniform((u64) s, (u64) c)));
                    } else if (!strcmp(cmd, "unary")) {
                        int op; unsigned x; scanf("%d %u", &op, &x);
                        printf("%u %u\\n", bf(unary_apply(op, fb(x))), bf(unary_derivative(op, fb(x))));
                    } else if (!strcmp(cmd, "binary")) {
                        int op; unsigned x, y; scanf("%d %u %u", &op, &x, &y);
                        printf("%u\\n", bf(binary_apply(op, fb(x), fb(y))));
                    } else if (!strcmp(cmd, "bf16")) {
                        unsigned x; scanf("%u", &x);
                        unsigned short h = f32_to_bf16(fb(x));
                        printf("%u %u\\n", (unsigned) h, bf(bf16_to_f32(h)));
                    } else if (!strcmp(cmd, "adamw")) {
                        unsigned a[10]; for (int i = 0; i < 10; i++) scanf("%u", &a[i]);
                        float p = fb(a[0]), m = fb(a[1]), v = fb(a[2]);
                        adamw_update(&p, &m, &v, fb(a[3]), fb(a[4]), fb(a[5]), fb(a[6]), fb(a[7]), fb(a[8]), fb(a[9]));
                        printf("%u %u %u\\n", bf(p), bf(m), bf(v));
                    } else if (!strcmp(cmd, "nd")) {
                        NdIter it; memset(&it, 0, sizeof it); long long e;
                        scanf("%d", &it.rank);
                        for (int d = 0; d < it.rank; d++) scanf("%d", &it.shape[d]);
                        for (int o = 0; o < 2; o++) for (int d = 0; d < it.rank; d++) scanf("%lld", &it.stride[o][d]);
                        scanf("%lld", &e);
                        i64 off[2]; nd_offsets(it, e, 2, off);
                        printf("%lld %lld\\n", off[0], off[1]);
                    } else if (!strcmp(cmd, "layout")) {
                        printf("%zu %zu %zu %zu %zu %zu %zu %zu %zu\\n", sizeof(NdIter), offsetof(NdIter, shape),
                            offsetof(NdIter, rank), sizeof(AttnParams), offsetof(AttnParams, k), offsetof(AttnParams, batch),
                            offsetof(AttnParams, scale), offsetof(AttnParams, gbias_mode), sizeof(HeadLayout));
                    }
                }
                return 0;
            }
            """;

    private static List<String> run(Path dir, String input) throws Exception {
        Path src = dir.resolve("harness.cu");
        Path exe = dir.resolve("harness");
        if (!Files.exists(exe)) {
            String attention = KernelSources.moduleSource(KernelModule.ATTENTION);
            Files.writeString(src, "#include <cstdio>\n#include <cstring>\n#include <cstddef>\n#include <cmath>\n"
                    + KernelSources.prelude() + KernelSources.resource("common.cuh") + "\n#define HEAD_DIM 64\n"
                    + attention + "\n" + MAIN);
            Nvcc.Result r = Nvcc.run(List.of(nvcc.toString(), "-std=c++17", "-Xcompiler", "-ffp-contract=off",
                    "-o", exe.toString(), src.toString()), dir, null);
            assertEquals(0, r.exit(), "the host harness does not compile:\n" + r.output());
        }
        Nvcc.Result r = Nvcc.run(List.of(exe.toString()), dir, input);
        assertEquals(0, r.exit(), r.output());
        return r.output().lines().toList();
    }

    @TempDir
    static Path dir;

    private static String bits(float f) {
        return Integer.toUnsignedString(Float.floatToRawIntBits(f));
    }

    private static float fromBits(String s) {
        return Float.intBitsToFloat(Integer.parseUnsignedInt(s));
    }

    @Test
    void counterRngIsBitIdenticalToJava() throws Exception {
        Random r = new Random(5);
        List<long[]> cases = new ArrayList<>();
        for (long[] c : new long[][] {{0, 0}, {-1, -1}, {Long.MIN_VALUE, Long.MAX_VALUE}, {42, 1L << 40}}) {
            cases.add(c);
        }
        for (int i = 0; i < 200; i++) {
            cases.add(new long[] {r.nextLong(), r.nextLong()});
        }
        StringBuilder in = new StringBuilder();
        cases.forEach(c -> in.append("rng ").append(c[0]).append(' ').append(c[1]).append('\n'));
        List<String> out = run(dir, in.toString());
        for (int i = 0; i < cases.size(); i++) {
            String[] f = out.get(i).split(" ");
            long[] c = cases.get(i);
            assertEquals(CounterRng.bits(c[0], c[1]), Long.parseLong(f[0]), "bits " + c[0] + "," + c[1]);
            assertEquals(CounterRng.uniform(c[0], c[1]), fromBits(f[1]), "uniform " + c[0] + "," + c[1]);
        }
    }

    @Test
    void adamwIsBitIdenticalToTheReference() throws Exception {
        Random r = new Random(9);
        ReferenceBackend ref = new ReferenceBackend();
        StringBuilder in = new StringBuilder();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            AdamWStep s = new AdamWStep((float) Math.pow(10, -1 - 3 * r.nextDouble()), 0.9f, 0.999f, 1e-8f,
                    r.nextBoolean() ? 0.01f : 0f, 1 + r.nextInt(1000));
            float[] p = {(float) r.nextGaussian()};
            float[] g = {(float) (r.nextGaussian() * Math.pow(10, -3 * r.nextDouble()))};
            float[] m = {(float) (r.nextGaussian() * 1e-2)};
            float[] v = {(float) Math.abs(r.nextGaussian() * 1e-4)};
            double bc1 = 1.0 - Math.pow(s.beta1(), s.step());
            double bc2 = 1.0 - Math.pow(s.beta2(), s.step());
            float stepSize = (float) (s.lr() / bc1);
            float bc2Sqrt = (float) Math.sqrt(bc2);
            float decay = 1f - s.lr() * s.weightDecay();
            in.append("adamw");
            for (float f : new float[] {p[0], m[0], v[0], g[0], s.beta1(), s.beta2(), s.eps(), decay, stepSize, bc2Sqrt}) {
                in.append(' ').append(bits(f));
            }
            in.append('\n');
            ref.adamw(HeapStorage.ofFloats(p), HeapStorage.ofFloats(g), HeapStorage.ofFloats(m), HeapStorage.ofFloats(v),
                    1, s);
            expected.add(new float[] {p[0], m[0], v[0]});
        }
        List<String> out = run(dir, in.toString());
        for (int i = 0; i < expected.size(); i++) {
            String[] f = out.get(i).split(" ");
            for (int j = 0; j < 3; j++) {
                assertEquals(Float.floatToRawIntBits(expected.get(i)[j]), Float.floatToRawIntBits(fromBits(f[j])),
                        "case " + i + " value " + j);
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() throws Exception {
        // input bits -> expected bf16 bits
        int[][] cases = {
            {0x3f800000, 0x3f80},   // 1.0 exact
            {0x3f808000, 0x3f80},   // halfway, even stays
            {0x3f818000, 0x3f82},   // halfway, odd rounds up
            {0x3f808001, 0x3f81},   // above halfway
            {0x3f807fff, 0x3f80},   // below halfway
            {0xbf808000, 0xbf80},   // negative halfway
            {0x7f7fffff, 0x7f80},   // max float overflows to +inf
            {0x7f800000, 0x7f80},   // +inf
            {0x00000001, 0x0000},   // smallest subnormal rounds to zero
        };
        StringBuilder in = new StringBuilder();
        for (int[] c : cases) {
            in.append("bf16 ").append(Integer.toUnsignedString(c[0])).append('\n');
        }
        in.append("bf16 ").append(Integer.toUnsignedString(0x7fc00001)).append('\n');
        List<String> out = run(dir, in.toString());
        for (int i = 0; i < cases.length; i++) {
            String[] f = out.get(i).split(" ");
            assertEquals(cases[i][1], Integer.parseInt(f[0]), "bf16 of 0x" + Integer.toHexString(cases[i][0]));
            assertEquals(cases[i][1] << 16, Integer.parseUnsignedInt(f[1]), "widening back");
        }
        assertTrue(Float.isNaN(fromBits(out.get(cases.length).split(" ")[1])), "NaN stays NaN");
    }

    @Test
    void elementwiseMathsMatchesTheReference() throws Exception {
        ReferenceBackend ref = new ReferenceBackend();
        float[] xs = {-6f, -2.5f, -1f, -0.3f, -1e-3f, 0f, 1e-3f, 0.3f, 0.7f, 1f, 2.5f, 6f};
        StringBuilder in = new StringBuilder();
        for (UnaryOp op : UnaryOp.values()) {
            for (float x : xs) {
                in.append("unary ").append(op.ordinal()).append(' ').append(bits(x)).append('\n');
            }
        }
        for (BinaryOp op : BinaryOp.values()) {
            for (float x : xs) {
                in.append("binary ").append(op.ordinal()).append(' ').append(bits(x)).append(' ').append(bits(0.7f))
                        .append('\n');
            }
        }
        List<String> out = run(dir, in.toString());
        int line = 0;
        for (UnaryOp op : UnaryOp.values()) {
            float[] v = new float[xs.length];
            float[] g = new float[xs.length];
            float[] ones = new float[xs.length];
            java.util.Arrays.fill(ones, 1f);
            ref.unary(op, HeapStorage.ofFloats(xs), HeapStorage.ofFloats(v), xs.length);
            ref.unaryBackward(op, HeapStorage.ofFloats(xs), HeapStorage.ofFloats(ones), HeapStorage.ofFloats(g), xs.length);
            for (int i = 0; i < xs.length; i++) {
                String[] f = out.get(line++).split(" ");
                close(v[i], fromBits(f[0]), op + "(" + xs[i] + ")");
                close(g[i], fromBits(f[1]), op + "'(" + xs[i] + ")");
            }
        }
        for (BinaryOp op : BinaryOp.values()) {
            for (float x : xs) {
                float[] o = new float[1];
                ref.binary(op, HeapStorage.ofFloats(new float[] {x}), HeapStorage.ofFloats(new float[] {0.7f}),
                        HeapStorage.ofFloats(o), dev.graft.api.tensor.Broadcast.of(new int[] {1}, new int[] {1}));
                assertEquals(o[0], fromBits(out.get(line++)), op + "(" + x + ", 0.7)");
            }
        }
    }

    private static void close(float expected, float actual, String what) {
        if (Float.isNaN(expected) || Float.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        assertEquals(expected, actual, 2e-6f + 4e-6f * Math.abs(expected), what);
    }

    @Test
    void ndOffsetsFollowTheStrides() throws Exception {
        Random r = new Random(1);
        StringBuilder in = new StringBuilder();
        List<long[]> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int rank = 1 + r.nextInt(8);
            int[] shape = new int[rank];
            long[][] st = new long[2][rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + r.nextInt(3);
                n *= shape[d];
                st[0][d] = r.nextInt(50);
                st[1][d] = r.nextInt(50);
            }
            long e = (long) (r.nextDouble() * n);
            in.append("nd ").append(rank);
            for (int s : shape) {
                in.append(' ').append(s);
            }
            for (long[] s : st) {
                for (long v : s) {
                    in.append(' ').append(v);
                }
            }
            in.append(' ').append(e).append('\n');
            long[] off = new long[2];
            long rem = e;
            long[] idx = new long[rank];
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            for (int d = 0; d < rank; d++) {
                off[0] += idx[d] * st[0][d];
                off[1] += idx[d] * st[1][d];
            }
            expected.add(off);
        }
        List<String> out = run(dir, in.toString());
        for (int i = 0; i < expected.size(); i++) {
            String[] f = out.get(i).split(" ");
            assertEquals(expected.get(i)[0], Long.parseLong(f[0]));
            assertEquals(expected.get(i)[1], Long.parseLong(f[1]));
        }
    }

    @Test
    void structLayoutsAreWhatJavaPacks() throws Exception {
        String[] f = run(dir, "layout\n").getFirst().split(" ");
        assertEquals(NdIter.BYTES, Integer.parseInt(f[0]), "sizeof(NdIter)");
        assertEquals(NdIter.SHAPE_OFFSET, Integer.parseInt(f[1]), "offsetof(NdIter, shape)");
        assertEquals(NdIter.RANK_OFFSET, Integer.parseInt(f[2]), "offsetof(NdIter, rank)");
        assertEquals(AttentionPlan.PARAMS_BYTES, Integer.parseInt(f[3]), "sizeof(AttnParams)");
        assertEquals(32, Integer.parseInt(f[4]), "offsetof(AttnParams, k)");
        assertEquals(128, Integer.parseInt(f[5]), "offsetof(AttnParams, batch)");
        assertEquals(144, Integer.parseInt(f[6]), "offsetof(AttnParams, scale)");
        assertEquals(164, Integer.parseInt(f[7]), "offsetof(AttnParams, gbias_mode)");
        assertEquals(32, Integer.parseInt(f[8]), "sizeof(HeadLayout)");
    }
}
