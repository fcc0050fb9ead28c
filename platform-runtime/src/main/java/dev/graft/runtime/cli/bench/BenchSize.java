package dev.graft.runtime.cli.bench;

/**
 * The benchmark sizes shared with the PyTorch anchor.
 *
 * @param vocab  vocabulary
 * @param d      hidden size
 * @param layers layers
 * @param heads  attention heads
 * @param ffn    feed-forward size
 * @param seq    sequence length
 * @param batch  sequences per step
 */
public record BenchSize(int vocab, int d, int layers, int heads, int ffn, int seq, int batch) {
    /** The fraction of positions an MLM step predicts. */
    public static final double MLM_FRACTION = 0.15;

    /** The named sizes. */
    public enum Name {
        tiny("tiny", new BenchSize(8192, 256, 4, 4, 1024, 128, 16)),
        small("small", new BenchSize(8192, 512, 8, 8, 2048, 256, 8)),
        /**
         * GPT-2 124M's sizes, for GPUs (DESIGN §8), with the vocabulary padded to 50,304 (a multiple of 64) as
         * the GPU anchor, {@code torch_gpu_anchor.py}, pads it, so that both sides do the same work.
         */
        base124m("base-124m", new BenchSize(50304, 768, 12, 12, 3072, 1024, 8));

        private final String label;
        private final BenchSize size;

        Name(String label, BenchSize size) {
            this.label = label;
            this.size = size;
        }

        /** @return the name on the command line, e.g. {@code base-124m} */
        public String label() {
            return label;
        }

        /**
         * Parses a command-line name.
         *
         * @throws IllegalArgumentException listing the known names
         */
        public static Name parse(String text) {
            for (Name n : values()) {
                if (n.label.equals(text)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown benchmark config '" + text + "'; known: tiny, small, base-124m");
        }

        /** @return the sizes */
        public BenchSize size() {
            return size;
        }
    }

    /** @return masked positions per sequence for BERT */
    public int maskedPerSequence() {
        return (int) Math.round(MLM_FRACTION * seq);
    }

    /**
     * Matrix-product FLOPs per token of one training step (forward + backward = 3× forward), the same formula
     * as the anchor's {@code analytic_flops_per_token}, so that GFLOP/s figures compare directly.
     */
    public double trainFlopsPerToken(BenchModel model) {
        double perLayer = 2.0 * d * 3 * d + 2.0 * seq * d + 2.0 * seq * d + 2.0 * d * d + 2.0 * 2 * d * ffn;
        double fwd = layers * perLayer;
        if (model == BenchModel.gpt) {
            fwd += 2.0 * d * vocab;
        } else {
            double m = (double) maskedPerSequence() / seq;
            fwd += m * (2.0 * d * d + 2.0 * d * vocab);
        }
        return 3 * fwd;
    }
}
