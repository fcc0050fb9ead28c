package dev.graft.api.model;

import dev.graft.api.nn.Module;
import dev.graft.api.spi.HfConfigView;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A top-level model of a Hugging Face family (a {@link Module} whose parameter paths are the checkpoint's
 * tensor names) that is also the {@link PretrainedModel} handle the SPIs pass around: {@code GPT2LMHeadModel},
 * {@code BertForMaskedLM}, {@code T5ForConditionalGeneration}, ...
 *
 * <p>It knows its typed configuration ({@link #modelConfig()}), the Hugging Face class it corresponds to
 * ({@link #architecture()}), the side files it was loaded with (tokenizer and generation files, written back by
 * {@code save}) and whether it has been closed. Parameters live on the backend the model was built with; the
 * forward methods of a closed model throw {@link IllegalStateException}. Not thread-safe.
 */
public abstract class PretrainedModule extends Module implements PretrainedModel {
    private SideFiles sideFiles = SideFiles.none();
    private boolean closed;

    /**
     * The outputs of one pass over an {@link HfBatch}.
     *
     * @param logits the model's logits: {@code [B, T, vocab]} for language models (the decoder's positions for
     *               T5), {@code [B, labels]} for classifiers
     * @param loss   the loss {@code transformers} computes from the batch's {@code labels}, or null without labels
     */
    public record BatchOutput(Tensor logits, Tensor loss) {
    }

    /**
     * One teacher-forced pass, as {@code model(**batch)} in {@code transformers}: the batch's keys mean what they
     * mean there (GPT-2 shifts its {@code labels} itself; T5's decoder reads {@code decoder_input_ids} or, without
     * them, the labels shifted right behind {@code decoder_start_token_id}).
     *
     * @throws IllegalArgumentException if the batch lacks what this model needs, naming the key
     */
    public abstract BatchOutput forward(HfBatch batch);

    /**
     * The hidden states {@code transformers} returns with {@code output_hidden_states=True}, in order, under its
     * names ({@code hidden_states.i}, or {@code encoder_hidden_states.i} and {@code decoder_hidden_states.i}),
     * each tapped at the module that produces it. Collect them with {@link HiddenStates#capture}.
     */
    public abstract List<HiddenStates.Tap> hiddenStateTaps();

    /**
     * @return the batch's {@code labels} as I32 token labels of the given shape
     * @throws IllegalArgumentException if they are missing, not integers or of another shape
     */
    protected static Tensor tokenLabels(HfBatch batch, int[] shape, ComputeBackend backend) {
        HfBatch.Values l = batch.labels();
        if (l == null) {
            throw new IllegalArgumentException("the batch has no 'labels'");
        }
        if (!l.integral() || !java.util.Arrays.equals(l.shape(), shape)) {
            throw new IllegalArgumentException("labels must be integers of shape " + java.util.Arrays.toString(shape)
                    + " (-100 for ignored positions), got " + java.util.Arrays.toString(l.shape()));
        }
        return l.intTensor(backend);
    }

    /** @return the backend the parameters live on */
    public final ComputeBackend backend() {
        return parameters().getFirst().backend();
    }

    /** @return the typed configuration the model was built from */
    public abstract ModelConfig modelConfig();

    /** @return the Hugging Face class name written into {@code architectures}, e.g. {@code GPT2LMHeadModel} */
    public abstract String architecture();

    /**
     * The parameters a checkpoint stores, by Hugging Face name, each distinct tensor once: tied weights appear
     * under the one name {@code transformers} keeps ({@code transformer.wte.weight}, not {@code lm_head.weight}).
     * This is {@link #namedParameters()} for every model of Graft's families, whose tied heads read the shared
     * tensor instead of registering it twice.
     *
     * @return the stored parameters by name, in registration order
     */
    public java.util.Map<String, Tensor> checkpointParameters() {
        return namedParameters();
    }

    /** @return this model: a pretrained module is its own module tree */
    @Override
    public final Module module() {
        return this;
    }

    @Override
    public String family() {
        return modelConfig().modelType().hfName();
    }

    /** @return a view of the {@code config.json} this model writes */
    @Override
    public HfConfigView config() {
        return HfConfigView.parse(Path.of("config.json"), configForSave().toJson());
    }

    /**
     * @return the configuration to write beside the weights: {@link #modelConfig()}, with {@code architectures}
     *         set to {@link #architecture()} when it names no class
     */
    public ModelConfig configForSave() {
        return modelConfig();
    }

    /** @return the architectures list to write: the configuration's own, else this class */
    protected final List<String> architecturesForSave() {
        List<String> a = modelConfig().architectures();
        return a.isEmpty() ? List.of(architecture()) : a;
    }

    /** @return the tokenizer and generation files carried from the directory it was loaded from */
    public SideFiles sideFiles() {
        return sideFiles;
    }

    /** Sets the side files written beside the weights on save. */
    public void setSideFiles(SideFiles files) {
        this.sideFiles = Objects.requireNonNull(files, "files");
    }

    /** Marks the model closed; its forward methods throw from then on. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    /** @return whether {@link #close()} was called */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * Called first by every public forward method.
     *
     * @throws IllegalStateException if the model is closed
     */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }
}
