package dev.graft.api.nn;

import dev.graft.api.tensor.Tensor;
import dev.graft.api.tensor.UnaryOp;
import java.util.Locale;

/** Activation functions by their Hugging Face config names ({@code hidden_act}, {@code activation_function}). */
public enum Activation {
    /** Exact GELU: {@code gelu}. */
    GELU(UnaryOp.GELU_ERF, "gelu"),
    /** Tanh-approximated GELU: {@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_fast}. */
    GELU_NEW(UnaryOp.GELU_TANH, "gelu_new"),
    /** {@code relu}. */
    RELU(UnaryOp.RELU, "relu"),
    /** {@code silu} / {@code swish}. */
    SILU(UnaryOp.SILU, "silu"),
    /** {@code tanh}. */
    TANH(UnaryOp.TANH, "tanh");

    private final UnaryOp op;
    private final String hfName;

    Activation(UnaryOp op, String hfName) {
        this.op = op;
        this.hfName = hfName;
    }

    /** @return the activation applied to {@code x} */
    public Tensor apply(Tensor x) {
        return x.apply(op);
    }

    /** @return the name written into config.json */
    public String hfName() {
        return hfName;
    }

    /**
     * Parses a Hugging Face activation name.
     *
     * @throws IllegalArgumentException listing the supported names
     */
    public static Activation fromHf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_NEW;
            case "relu" -> RELU;
            case "silu", "swish" -> SILU;
            case "tanh" -> TANH;
            default -> throw new IllegalArgumentException("unsupported activation '" + name
                    + "'; supported: gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu, silu, swish, tanh");
        };
    }
}
