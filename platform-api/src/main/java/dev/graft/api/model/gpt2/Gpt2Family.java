package dev.graft.api.model.gpt2;

import dev.graft.api.model.HfCheckpoint;
import dev.graft.api.model.HfFamily;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelType;
import dev.graft.api.tensor.ComputeBackend;
import java.nio.file.Path;
import java.util.Random;

/**
 * The {@code gpt2} model family: loads a Hugging Face GPT-2 directory into {@link Gpt2LMHeadModel} and writes
 * one back. Checkpoints of the bare {@code GPT2Model} (names without {@code transformer.}) load too; the causal
 * mask buffers older checkpoints carry ({@code attn.bias}, {@code attn.masked_bias}) and a duplicated tied
 * {@code lm_head.weight} are ignored.
 */
public final class Gpt2Family extends HfFamily<Gpt2LMHeadModel> {
    /** The {@code gpt2} family. */
    public Gpt2Family() {
        super(ModelType.GPT2, Gpt2LMHeadModel.class);
    }

    @Override
    protected Gpt2LMHeadModel build(ModelConfig config, Path directory, ComputeBackend backend, Random init) {
        return new Gpt2LMHeadModel(backend, (Gpt2Config) config, init, 0L);
    }

    @Override
    protected HfCheckpoint.Rules rules(Gpt2LMHeadModel model) {
        boolean tied = model.modelConfig().tieWordEmbeddings();
        return new HfCheckpoint.Rules("transformer",
                n -> n.endsWith(".attn.bias") || n.endsWith(".attn.masked_bias") || tied && n.equals("lm_head.weight"),
                n -> false, n -> false);
    }
}
