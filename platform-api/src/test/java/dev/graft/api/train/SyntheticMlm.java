package dev.graft.api.train;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.CounterRng;
import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A learnable toy language for training tests: each sequence alternates two random tokens among the
 * first {@value #USED} ({@code a b a b ...}), so a masked token is predictable from the tokens around it, and a
 * model that learns only which tokens occur already gains {@code ln(V − 1) − ln USED} nats. {@code M} positions
 * per sequence are replaced by the mask id {@code V − 1}. Batch {@code i} depends only on {@code (seed, i)}.
 */
public final class SyntheticMlm implements BatchSource<MlmBatch> {
    public static final int V = 23;
    static final int MASK = V - 1;
    static final int USED = 8;
    private final ComputeBackend be;
    private final int batch;
    private final int length;
    private final int masked;
    private final long seed;

    public SyntheticMlm(ComputeBackend be, int batch, int length, int masked, long seed) {
        this.be = be;
        this.batch = batch;
        this.length = length;
        this.masked = masked;
        this.seed = seed;
    }

    @Override
    public MlmBatch batch(long index) {
        long c = index * 1_000_003L;
        int[] ids = new int[batch * length];
        int[] pos = new int[batch * masked];
        int[] tg = new int[batch * masked];
        for (int b = 0; b < batch; b++) {
            int a = (int) Long.remainderUnsigned(CounterRng.bits(seed, c++), USED);
            int z = (int) Long.remainderUnsigned(CounterRng.bits(seed, c++), USED);
            for (int i = 0; i < length; i++) {
                ids[b * length + i] = i % 2 == 0 ? a : z;
            }
            int[] perm = new int[length];
            for (int i = 0; i < length; i++) {
                perm[i] = i;
            }
            for (int i = length - 1; i > 0; i--) {
                int j = (int) Long.remainderUnsigned(CounterRng.bits(seed, c++), i + 1);
                int x = perm[i];
                perm[i] = perm[j];
                perm[j] = x;
            }
            for (int j = 0; j < masked; j++) {
                pos[b * masked + j] = perm[j];
                tg[b * masked + j] = ids[b * length + perm[j]];
                ids[b * length + perm[j]] = MASK;
            }
        }
        return new MlmBatch(Tensor.ofInts(be, ids, batch, length), null, Tensor.ofInts(be, pos, batch, masked),
                Tensor.ofInts(be, tg, tg.length));
    }

    /** @return batches far from the training indices, used as the validation set */
    public List<MlmBatch> validation(int count) {
        List<MlmBatch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(batch(1_000_000_000L + i));
        }
        return out;
    }
}
