package dev.graft.runtime.cpu;

import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.AttentionSpec.HeadLayout;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs a fixed set of small kernels and prints one line per kernel with a hash of its output bits.
 * {@link ExecutionModeConsistencyTest} compares the lines of a JIT-compiled run with those of an
 * interpreted one ({@code -Xint}).
 */
public final class BitsProbe {
    private BitsProbe() {
    }

    /**
     * Runs the kernels on inputs scaled by {@code scale} (1 for the comparison; larger to warm the JIT up
     * through the same code paths faster) and returns one line per kernel.
     */
    static List<String> probe(CpuBackend be, int scale) {
        List<String> lines = new ArrayList<>();
        Random r = new Random(1);
        int n = 200 * scale;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 6);
        }
        x[0] = Float.NaN;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.NEGATIVE_INFINITY;
        x[3] = -0f;
        float[] pos = new float[n];
        for (int i = 0; i < n; i++) {
            pos[i] = Math.abs(x[i]) + 1e-3f;
        }
        for (UnaryOp op : UnaryOp.values()) {
            float[] in = (op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT) ? pos : x;
            Storage o = be.allocate(DType.F32, n);
            be.unary(op, HeapStorage.ofFloats(in), o, n);
            Storage g = be.allocate(DType.F32, n);
            be.unaryBackward(op, HeapStorage.ofFloats(in), HeapStorage.ofFloats(pos), g, n);
            lines.add(op + " " + hash(o) + " " + hash(g));
        }
        int rows = 13 * scale;
        float[] m = Arrays.copyOfRange(x, 4, 4 + rows * 14);
        Storage sm = be.allocate(DType.F32, m.length);
        be.softmax(HeapStorage.ofFloats(m), sm, rows, 14);
        Storage ls = be.allocate(DType.F32, m.length);
        be.logSoftmax(HeapStorage.ofFloats(m), ls, rows, 14);
        lines.add("softmax " + hash(sm) + " " + hash(ls));
        Storage y = be.allocate(DType.F32, m.length);
        Storage mean = be.allocate(DType.F32, rows);
        Storage rstd = be.allocate(DType.F32, rows);
        float[] gamma = Arrays.copyOfRange(pos, 0, 14);
        be.layerNorm(HeapStorage.ofFloats(m), HeapStorage.ofFloats(gamma), null, rows, 14, 1e-5f, y, mean, rstd);
        lines.add("layerNorm " + hash(y) + " " + hash(rstd));
        Storage c = be.allocate(DType.F32, rows * 14);
        be.gemm(GemmSpec.of(rows, 14, 9, false, true), HeapStorage.ofFloats(m), 0, HeapStorage.ofFloats(pos), 0, c, 0,
                null, 0f);
        lines.add("gemm " + hash(c));
        float[] qkv = Arrays.copyOfRange(pos, 0, 2 * 7 * 8);
        AttentionSpec spec = new AttentionSpec(1, 2, 7, 7, 4, 0.5f, true, HeadLayout.bhtd(2, 7, 4),
                HeadLayout.bhtd(2, 7, 4), HeadLayout.bhtd(2, 7, 4), HeadLayout.bhtd(2, 7, 4), 1);
        Storage out = be.allocate(DType.F32, 56);
        Storage lse = be.allocate(DType.F32, 14);
        Storage q = HeapStorage.ofFloats(Arrays.copyOfRange(qkv, 0, 56));
        Storage k = HeapStorage.ofFloats(Arrays.copyOfRange(qkv, 56, 112));
        be.attention(spec, q, k, q, null, null, out, lse);
        lines.add("attention " + hash(out) + " " + hash(lse));
        return lines;
    }

    private static int hash(Storage s) {
        float[] a = ((HeapStorage) s).floats;
        int h = 1;
        for (float v : a) {
            h = 31 * h + Float.floatToIntBits(v);
        }
        return h;
    }

    /** Prints the probe's lines; run with {@code -Xint} by the test. */
    public static void main(String[] args) {
        try (CpuBackend be = new CpuBackend(1)) {
            for (String line : probe(be, 1)) {
                System.out.println(line);
            }
        }
    }
}
