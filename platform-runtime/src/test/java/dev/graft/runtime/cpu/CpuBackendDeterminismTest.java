package dev.graft.runtime.cpu;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.AttentionSpec.HeadLayout;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.graft.runtime.cpu.Compare.normal;
import static dev.graft.runtime.cpu.Compare.same;
import static dev.graft.runtime.cpu.Compare.uniform;

/**
 * The same inputs give bit-identical outputs on every run and for 1, 2 or 3 worker threads (3 is more
 * threads than this machine's cores, which shuffles the dynamic schedule). Shapes are large enough for
 * each kernel's parallel path: multi-block GEMMs, chunked reductions, several row blocks of norm
 * gradients, many attention heads.
 */
class CpuBackendDeterminismTest {
    static CpuBackend one;
    static CpuBackend two;
    static CpuBackend three;

    @BeforeAll
    static void setUp() {
        one = new CpuBackend(1);
        two = new CpuBackend(2);
        three = new CpuBackend(3);
    }

    @AfterAll
    static void tearDown() {
        one.close();
        two.close();
        three.close();
    }

    private static Storage up(float[] a) {
        return HeapStorage.ofFloats(a.clone());
    }

    private static float[] get(Storage s) {
        return ((HeapStorage) s).floats;
    }

    /** A kernel run: returns all of its outputs, concatenated. */
    private interface Run extends Function<CpuBackend, float[]> {
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static Stream<Arguments> runs() {
        Random r = new Random(42);
        List<Arguments> out = new ArrayList<>();

        float[] a = normal(r, 300 * 700, 1);
        float[] b = normal(r, 700 * 200, 1);
        float[] bias = normal(r, 200, 1);
        out.add(Arguments.of("gemm 300x200x700", (Run) be -> {
            Storage c = be.allocate(DType.F32, 300 * 200);
            be.gemm(GemmSpec.of(300, 200, 700, false, true), up(a), 0, up(b), 0, c, 0, up(bias), 0f);
            return get(c);
        }));
        out.add(Arguments.of("gemm transA accumulate", (Run) be -> {
            Storage c = up(normal(new Random(1), 700 * 200, 1));
            be.gemm(GemmSpec.of(700, 200, 300, true, false), up(a), 0, up(b), 0, c, 0, null, 1f);
            return get(c);
        }));
        out.add(Arguments.of("batched gemm", (Run) be -> {
            Storage c = be.allocate(DType.F32, 6 * 40 * 50);
            be.gemm(new GemmSpec(6, 40, 50, 70, false, false, 40 * 70, 70 * 50, 40 * 50), up(a), 0, up(b), 0, c, 0,
                    null, 0f);
            return get(c);
        }));

        float[] x = uniform(r, 100_003, -8, 8);
        out.add(Arguments.of("unary + backward", (Run) be -> {
            List<float[]> parts = new ArrayList<>();
            for (UnaryOp op : UnaryOp.values()) {
                float[] in = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT ? absPlus(x) : x;
                Storage o = be.allocate(DType.F32, in.length);
                be.unary(op, up(in), o, in.length);
                parts.add(get(o));
                Storage g = be.allocate(DType.F32, in.length);
                be.unaryBackward(op, up(in), up(x), g, in.length);
                parts.add(get(g));
            }
            return concat(parts.toArray(float[][]::new));
        }));
        float[] m = normal(r, 700 * 301, 1);
        float[] row = normal(r, 301, 1);
        float[] gm = normal(r, m.length, 1);
        out.add(Arguments.of("binary, reductions, dot", (Run) be -> {
            Storage o = be.allocate(DType.F32, m.length);
            be.binary(BinaryOp.MUL, up(m), up(row), o, Broadcast.of(new int[] {700, 301}, new int[] {301}));
            Storage s1 = be.allocate(DType.F32, 301);
            be.reduce(ReduceOp.SUM, up(m), 1, 700, 301, s1);
            Storage s2 = be.allocate(DType.F32, 1);
            be.reduce(ReduceOp.MEAN, up(m), 1, m.length, 1, s2);
            Storage s3 = be.allocate(DType.F32, 301);
            be.sumToShape(up(m), new int[] {700, 301}, s3, new int[] {1, 301});
            float dot = (float) be.dot(up(m), up(m), m.length);
            return concat(get(o), get(s1), get(s2), get(s3), new float[] {dot});
        }));
        out.add(Arguments.of("softmax family and cross-entropy", (Run) be -> {
            int rows = 700;
            int cols = 301;
            Storage y = be.allocate(DType.F32, m.length);
            be.softmax(up(m), y, rows, cols);
            Storage gy = be.allocate(DType.F32, m.length);
            be.softmaxBackward(y, up(gm), gy, rows, cols);
            Storage ly = be.allocate(DType.F32, m.length);
            be.logSoftmax(up(m), ly, rows, cols);
            Storage lgy = be.allocate(DType.F32, m.length);
            be.logSoftmaxBackward(ly, up(gm), lgy, rows, cols);
            int[] t = new int[rows];
            for (int i = 0; i < rows; i++) {
                t[i] = (i * 37) % cols;
            }
            Storage loss = be.allocate(DType.F32, rows);
            Storage lse = be.allocate(DType.F32, rows);
            be.crossEntropy(up(m), HeapStorage.ofInts(t), rows, cols, -100, 0.1f, loss, lse);
            Storage g = be.allocate(DType.F32, m.length);
            be.crossEntropyBackward(up(m), lse, HeapStorage.ofInts(t), rows, cols, -100, 0.1f, 0.5f, g);
            return concat(get(y), get(gy), get(ly), get(lgy), get(loss), get(lse), get(g));
        }));
        float[] gamma = normal(r, 301, 1);
        out.add(Arguments.of("layer norm and RMS norm", (Run) be -> {
            int rows = 700;
            int cols = 301;
            Storage y = be.allocate(DType.F32, m.length);
            Storage mean = be.allocate(DType.F32, rows);
            Storage rstd = be.allocate(DType.F32, rows);
            be.layerNorm(up(m), up(gamma), up(row), rows, cols, 1e-5f, y, mean, rstd);
            Storage gx = be.allocate(DType.F32, m.length);
            Storage gg = be.allocate(DType.F32, cols);
            Storage gb = be.allocate(DType.F32, cols);
            be.layerNormBackward(up(m), up(gamma), mean, rstd, up(gm), rows, cols, gx, gg, gb);
            Storage ry = be.allocate(DType.F32, m.length);
            Storage rr = be.allocate(DType.F32, rows);
            be.rmsNorm(up(m), up(gamma), rows, cols, 1e-6f, ry, rr);
            Storage rgx = be.allocate(DType.F32, m.length);
            Storage rgg = be.allocate(DType.F32, cols);
            be.rmsNormBackward(up(m), up(gamma), rr, up(gm), rows, cols, rgx, rgg);
            return concat(get(y), get(mean), get(rstd), get(gx), get(gg), get(gb), get(ry), get(rr), get(rgx), get(rgg));
        }));
        out.add(Arguments.of("gather, scatter-add, strided copy", (Run) be -> {
            int[] idx = new int[2048];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (i * i) % 97;
            }
            float[] table = normal(new Random(3), 97 * 301, 1);
            Storage o = be.allocate(DType.F32, 2048 * 301);
            be.indexSelect(up(table), 1, 97, 301, HeapStorage.ofInts(idx), 2048, o);
            Storage d = up(table);
            be.indexAdd(o, 1, 97, 301, HeapStorage.ofInts(idx), 2048, d);
            Storage p = be.allocate(DType.F32, m.length);
            be.copyStrided(up(m), 0, new long[] {1, 301}, p, 0, new long[] {700, 1}, new int[] {301, 700});
            Storage q = up(m);
            be.addStrided(up(m), 0, new long[] {1, 301}, q, 0, new long[] {700, 1}, new int[] {301, 700});
            return concat(get(o), get(d), get(p), get(q));
        }));
        int heads = 4;
        int t = 70;
        int dd = 64;
        float[] qkv = normal(r, 3 * 3 * heads * t * dd, 1);
        float[] gOut = normal(r, 3 * heads * t * dd, 1);
        out.add(Arguments.of("attention forward and backward", (Run) be -> {
            int width = 3 * heads * dd;
            AttentionSpec spec = new AttentionSpec(3, heads, t, t, dd, 0.125f, true,
                    HeadLayout.bthd(0, t, width, dd), HeadLayout.bthd((long) heads * dd, t, width, dd),
                    HeadLayout.bthd(2L * heads * dd, t, width, dd), HeadLayout.bhtd(heads, t, dd), 1);
            Storage q = up(qkv);
            Storage o = be.allocate(DType.F32, 3 * heads * t * dd);
            Storage lse = be.allocate(DType.F32, 3 * heads * t);
            float[] biasT = normal(new Random(9), heads * t * t, 1);
            be.attention(spec, q, q, q, null, up(biasT), o, lse);
            Storage g = be.allocate(DType.F32, qkv.length);
            Storage gb = be.allocate(DType.F32, biasT.length);
            be.attentionBackward(spec, q, q, q, null, up(biasT), o, lse, up(gOut), g, g, g, gb);
            return concat(get(o), get(lse), get(g), get(gb));
        }));
        out.add(Arguments.of("dropout and AdamW", (Run) be -> {
            Storage o = be.allocate(DType.F32, x.length);
            be.dropout(up(x), o, x.length, 0.1f, 7, 1000);
            Storage p = up(x);
            Storage mm = be.allocate(DType.F32, x.length);
            Storage vv = be.allocate(DType.F32, x.length);
            for (int step = 1; step <= 3; step++) {
                be.adamw(p, o, mm, vv, x.length, new AdamWStep(1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, step));
            }
            return concat(get(o), get(p), get(mm), get(vv));
        }));
        return out.stream();
    }

    private static float[] absPlus(float[] x) {
        float[] a = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]) + 1e-3f;
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void sameBitsOnEveryRunAndForAnyThreadCount(String name, Run run) {
        float[] first = run.apply(two);
        same(name + ", second run", first, run.apply(two));
        same(name + ", 1 thread", first, run.apply(one));
        same(name + ", 3 threads", first, run.apply(three));
    }
}
