package dev.graft.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.AttentionSpec;
import org.junit.jupiter.api.Test;

/** Which way the CUDA backend computes attention: the option's values and auto's rule. */
class AttentionKernelTest {
    private static AttentionSpec causal(int batch, int heads, int tq, int tk) {
        AttentionSpec.HeadLayout q = AttentionSpec.HeadLayout.bhtd(heads, tq, 64);
        AttentionSpec.HeadLayout kv = AttentionSpec.HeadLayout.bhtd(heads, tk, 64);
        return new AttentionSpec(batch, heads, tq, tk, 64, 0.125f, true, q, kv, kv, q, 1);
    }

    @Test
    void autoTakesGemmsFromAMillionScoresPerHeadWithoutABias() {
        assertTrue(AttentionKernel.AUTO.usesGemm(causal(8, 12, 1024, 1024), false), "GPT-2 124M's attention");
        assertFalse(AttentionKernel.AUTO.usesGemm(causal(8, 12, 1023, 1024), false), "one query fewer");
        assertFalse(AttentionKernel.AUTO.usesGemm(causal(8, 8, 256, 256), false), "gpt-small's attention");
        assertFalse(AttentionKernel.AUTO.usesGemm(causal(8, 12, 1024, 1024), true), "a bias needs the fused kernel");
    }

    @Test
    void autoKeepsOneBatchEntrysScoresWithinAGibibyte() {
        // 16 heads x 8192 x 8192 floats = 4 GiB per batch entry; 4 heads x 8192 x 8192 = exactly 1 GiB
        assertFalse(AttentionKernel.AUTO.usesGemm(causal(1, 16, 8192, 8192), false));
        assertTrue(AttentionKernel.AUTO.usesGemm(causal(1, 4, 8192, 8192), false));
    }

    @Test
    void forcedWaysIgnoreTheShapeButNotTheBias() {
        assertTrue(AttentionKernel.GEMM.usesGemm(causal(2, 2, 8, 8), false));
        assertFalse(AttentionKernel.GEMM.usesGemm(causal(2, 2, 8, 8), true));
        assertFalse(AttentionKernel.FUSED.usesGemm(causal(8, 12, 1024, 1024), false));
    }

    @Test
    void parsesTheOptionValuesInAnyCaseAndNamesTheAcceptedOnes() {
        assertEquals(AttentionKernel.GEMM, AttentionKernel.parse(" GEMM "));
        assertEquals(AttentionKernel.FUSED, AttentionKernel.parse("fused"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionKernel.parse("flash"));
        assertEquals("unknown attention kernel 'flash': expected one of [auto, fused, gemm]", e.getMessage());
    }

    @Test
    void theSystemPropertyChoosesAndAMalformedValueNamesIt() {
        String before = System.getProperty(CudaOptions.ATTENTION_PROPERTY);
        try {
            System.clearProperty(CudaOptions.ATTENTION_PROPERTY);
            assertEquals(AttentionKernel.AUTO, CudaOptions.fromSystemProperties().attention());
            System.setProperty(CudaOptions.ATTENTION_PROPERTY, "fused");
            assertEquals(AttentionKernel.FUSED, CudaOptions.fromSystemProperties().attention());
            System.setProperty(CudaOptions.ATTENTION_PROPERTY, "nope");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CudaOptions::fromSystemProperties);
            assertTrue(e.getMessage().startsWith("-Dgraft.cuda.attention: unknown attention kernel 'nope'"),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(CudaOptions.ATTENTION_PROPERTY);
            } else {
                System.setProperty(CudaOptions.ATTENTION_PROPERTY, before);
            }
        }
    }
}
