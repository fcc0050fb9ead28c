package dev.graft.api.train;

import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A masked-language-modelling batch: the corrupted input ids, which positions of each sequence are predicted,
 * and the original tokens there.
 *
 * @param ids           I32 {@code [B, T]}: input ids after masking
 * @param attentionMask I32 {@code [B, T]} of ones and zeros (padding), or {@code null} when nothing is padded
 * @param positions     I32 {@code [B, M]}: the predicted positions of each sequence (a sequence with fewer than
 *                      {@code M} repeats a position and gives it target {@value KnowledgeInheritance#IGNORE_INDEX})
 * @param targets       I32 {@code [B·M]}: the original token at each predicted position, or
 *                      {@value KnowledgeInheritance#IGNORE_INDEX}
 */
public record MlmBatch(Tensor ids, Tensor attentionMask, Tensor positions, Tensor targets) {
    public MlmBatch {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(targets, "targets");
        if (ids.dtype() != DType.I32 || ids.rank() != 2) {
            throw new IllegalArgumentException("ids must be I32 [B, T], got " + ids.dtype() + " "
                    + Arrays.toString(ids.shape()));
        }
        if (positions.dtype() != DType.I32 || positions.rank() != 2 || positions.size(0) != ids.size(0)) {
            throw new IllegalArgumentException("positions must be I32 [B, M] with B = " + ids.size(0) + ", got "
                    + Arrays.toString(positions.shape()));
        }
        if (targets.dtype() != DType.I32 || targets.numel() != positions.numel()) {
            throw new IllegalArgumentException("targets must be I32 with one entry per position ("
                    + positions.numel() + "), got " + Arrays.toString(targets.shape()));
        }
        if (attentionMask != null && !Arrays.equals(attentionMask.shape(), ids.shape())) {
            throw new IllegalArgumentException("attention mask " + Arrays.toString(attentionMask.shape())
                    + " does not match ids " + Arrays.toString(ids.shape()));
        }
    }

    /** @return the number of predicted positions (targets other than the ignore index) */
    public int predicted() {
        int n = 0;
        for (int t : targets.toIntArray()) {
            if (t != KnowledgeInheritance.IGNORE_INDEX) {
                n++;
            }
        }
        return n;
    }
}
