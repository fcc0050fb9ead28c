package dev.graft.api.tensor;

/**
 * One recorded operation of the autograd graph: its inputs and the function that turns the gradient of
 * its output into gradients of its inputs. The backward function holds the saved activations; it is
 * dropped after use, which frees them.
 */
final class Node {
    /** Computes input gradients (one per input, {@code null} where an input needs none) from the output gradient. */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    final Tensor[] inputs;
    private Backward backward;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    Tensor[] run(Tensor gradOutput) {
        if (backward == null) {
            throw new IllegalStateException("backward through '" + op + "' a second time: its graph was already freed by"
                    + " an earlier backward(); recompute the forward pass before calling backward() again");
        }
        Tensor[] grads = backward.apply(gradOutput);
        backward = null;
        return grads;
    }
}
