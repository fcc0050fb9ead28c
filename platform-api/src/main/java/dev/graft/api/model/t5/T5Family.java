package dev.graft.api.model.t5;

import dev.graft.api.model.HfCheckpoint;
import dev.graft.api.model.HfFamily;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelType;
import dev.graft.api.tensor.ComputeBackend;
import java.nio.file.Path;
import java.util.Random;

/**
 * The {@code t5} model family: loads a Hugging Face T5 directory into {@link T5ForConditionalGeneration} and
 * writes one back. The embeddings older checkpoints store again under each stack
 * ({@code encoder.embed_tokens.weight}, {@code decoder.embed_tokens.weight}), a duplicated tied
 * {@code lm_head.weight}, and the unused cross-attention position bias of the original T5 checkpoints are ignored,
 * as {@code transformers} ignores them.
 */
public final class T5Family extends HfFamily<T5ForConditionalGeneration> {
    /** The {@code t5} family. */
    public T5Family() {
        super(ModelType.T5, T5ForConditionalGeneration.class);
    }

    @Override
    protected T5ForConditionalGeneration build(ModelConfig config, Path directory, ComputeBackend backend,
                                               Random init) {
        return new T5ForConditionalGeneration(backend, (T5Config) config, init, 0L);
    }

    @Override
    protected HfCheckpoint.Rules rules(T5ForConditionalGeneration model) {
        boolean tied = model.modelConfig().tieWordEmbeddings();
        return new HfCheckpoint.Rules("",
                n -> n.equals("encoder.embed_tokens.weight") || n.equals("decoder.embed_tokens.weight")
                        || tied && n.equals("lm_head.weight")
                        || n.equals("decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight"),
                n -> false, n -> false);
    }
}
