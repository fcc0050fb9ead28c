package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelArgsTest {

    @Test
    void valuesAreNaturallyAlignedAndPointersPointAtThem() {
        try (Arena a = Arena.ofConfined()) {
            KernelArgs k = new KernelArgs(a);
            MemorySegment st = a.allocate(NdIter.BYTES);
            st.set(ValueLayout.JAVA_INT, NdIter.RANK_OFFSET, 3);
            k.reset().i32(7).ptr(0x1000).f32(2.5f).struct(st, 8).i64(-1);
            assertEquals(List.of(KernelSignatures.Kind.I32, KernelSignatures.Kind.PTR, KernelSignatures.Kind.F32,
                    KernelSignatures.Kind.ND_ITER, KernelSignatures.Kind.I64), k.kinds());
            assertEquals(0, k.offsetOf(0));
            assertEquals(8, k.offsetOf(1));
            assertEquals(16, k.offsetOf(2));
            assertEquals(24, k.offsetOf(3));
            assertEquals(24 + NdIter.BYTES, k.offsetOf(4));
            MemorySegment values = k.values();
            for (int i = 0; i < k.count(); i++) {
                long p = k.pointers().getAtIndex(ValueLayout.ADDRESS, i).address();
                assertEquals(values.address() + k.offsetOf(i), p, "pointer " + i);
            }
            assertEquals(7, values.get(ValueLayout.JAVA_INT, 0));
            assertEquals(0x1000, values.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(2.5f, values.get(ValueLayout.JAVA_FLOAT, 16));
            assertEquals(3, values.get(ValueLayout.JAVA_INT, 24 + NdIter.RANK_OFFSET));
            assertEquals(-1L, values.get(ValueLayout.JAVA_LONG, 24 + NdIter.BYTES));
            k.reset().f32(1f);
            assertEquals(1, k.count());
            assertThrows(IllegalArgumentException.class, () -> k.struct(a.allocate(12), 4));
        }
    }

    @Test
    void attentionGeometryFollowsTheKernelMacros() {
        dev.graft.api.tensor.AttentionSpec s = new dev.graft.api.tensor.AttentionSpec(2, 3, 100, 100, 64, 0.125f, true,
                dev.graft.api.tensor.AttentionSpec.HeadLayout.bhtd(3, 100, 64),
                dev.graft.api.tensor.AttentionSpec.HeadLayout.bhtd(3, 100, 64),
                dev.graft.api.tensor.AttentionSpec.HeadLayout.bhtd(3, 100, 64),
                dev.graft.api.tensor.AttentionSpec.HeadLayout.bhtd(3, 100, 64), 1);
        AttentionPlan p = new AttentionPlan(s, false, false, 0);
        assertEquals(32, p.rowsPerBlock());
        assertEquals(4, p.queryBlocks());
        assertEquals(64, AttentionPlan.tile(64));
        assertEquals(32, AttentionPlan.tile(128));
        assertEquals(16, AttentionPlan.tile(256));
        assertEquals(2, AttentionPlan.threadsPerRow(6));
        assertEquals(1, AttentionPlan.threadsPerRow(7));
        org.junit.jupiter.api.Assertions.assertTrue(p.sharedBytes() <= 48 * 1024);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(AttentionPlan.PARAMS_BYTES);
            p.pack(m);
            assertEquals(3L * 100 * 64, m.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(100, m.get(ValueLayout.JAVA_INT, 136));
            assertEquals(0.125f, m.get(ValueLayout.JAVA_FLOAT, 144));
            assertEquals(1, m.get(ValueLayout.JAVA_INT, 148));
        }
    }
}
