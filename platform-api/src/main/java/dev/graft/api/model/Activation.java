package dev.graft.api.model;

import dev.graft.api.tensor.UnaryOp;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Feed-forward activations a Hugging Face config may name ({@code hidden_act}, {@code activation_function},
 * {@code dense_act_fn}), with the kernel that computes each. Names are Hugging Face's, kept for writing back.
 */
public enum Activation {
    /** {@code max(0, x)}. */
    RELU("relu", UnaryOp.RELU),
    /** Exact GELU, {@code x·Φ(x)} with the error function (Hugging Face's {@code gelu}). */
    GELU("gelu", UnaryOp.GELU_ERF),
    /** GELU with the tanh approximation, as in the original GPT-2 code. */
    GELU_NEW("gelu_new", UnaryOp.GELU_TANH),
    /** The same tanh approximation under PyTorch's name. */
    GELU_PYTORCH_TANH("gelu_pytorch_tanh", UnaryOp.GELU_TANH),
    /** {@code x·sigmoid(x)}. */
    SILU("silu", UnaryOp.SILU),
    /** {@code x·sigmoid(x)} under its older name. */
    SWISH("swish", UnaryOp.SILU);

    private final String hfName;
    private final UnaryOp kernel;

    Activation(String hfName, UnaryOp kernel) {
        this.hfName = hfName;
        this.kernel = kernel;
    }

    /** @return the name in {@code config.json} */
    public String hfName() {
        return hfName;
    }

    /** @return the elementwise kernel that computes it */
    public UnaryOp kernel() {
        return kernel;
    }

    /** @return the activation of that Hugging Face name, if Graft implements it */
    public static Optional<Activation> fromHfName(String name) {
        return Arrays.stream(values()).filter(a -> a.hfName.equals(name)).findFirst();
    }

    /** @return the supported names, comma-separated */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Activation::hfName).collect(Collectors.joining(", "));
    }
}
