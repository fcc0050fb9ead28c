package dev.graft.api.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An n-dimensional array on one {@link ComputeBackend}, with eager reverse-mode autograd.
 *
 * <p>A tensor is a shape, a {@link DType} and a contiguous row-major view of a {@link Storage} owned by its
 * backend. Computation is in {@link DType#F32}; {@link DType#I32} tensors hold indices and are never
 * differentiated. Ops allocate their result (none works in place unless its name says so) and check their
 * operands: shapes that do not fit raise {@link IllegalArgumentException} naming both shapes; operands of
 * different backends raise {@link IllegalArgumentException} naming both devices.
 *
 * <p><b>Autograd.</b> An op whose operand {@link #requiresGrad() requires a gradient} records a node of the
 * graph (unless inside a {@link NoGrad} scope). {@link #backward()} walks the graph in reverse topological
 * order, accumulating into the {@link #grad()} of every leaf that requires a gradient, and frees the graph:
 * a second backward through the same graph raises {@link IllegalStateException}. Gradients accumulate across
 * backward calls until {@link #zeroGrad()}.
 *
 * <p>Tensors are not thread-safe. Wider ops (layer norm, attention, losses, dropout, concatenation) live in
 * {@link Functional}.
 */
public final class Tensor {
    private final ComputeBackend backend;
    private final Storage storage;
    private final TensorScope.Lease lease;
    private final int[] shape;
    private boolean requiresGrad;
    private Tensor grad;
    Node gradFn;
    private List<Consumer<Tensor>> gradHooks = List.of();

    Tensor(ComputeBackend backend, Storage storage, int[] shape) {
        this(backend, storage, shape, null);
    }

    private Tensor(ComputeBackend backend, Storage storage, int[] shape, TensorScope.Lease lease) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.lease = lease;
        this.shape = shape.clone();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (Shapes.numel(shape) > storage.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + Shapes.numel(shape)
                    + " elements but the storage holds " + storage.size());
        }
    }

    // ------------------------------------------------------------------ creation

    /** @return a zero-filled F32 tensor */
    public static Tensor zeros(ComputeBackend backend, int... shape) {
        return allocated(backend, backend.allocate(DType.F32, Shapes.numel(shape)), shape);
    }

    /**
     * @return a tensor over memory just allocated from {@code backend}, owned by the innermost open
     *     {@link TensorScope} if there is one
     */
    static Tensor allocated(ComputeBackend backend, Storage storage, int... shape) {
        return new Tensor(backend, storage, shape, TensorScope.lease(backend, storage));
    }

    /** @return a tensor of another shape over this tensor's memory (same element count or fewer) */
    Tensor view(int... newShape) {
        return new Tensor(backend, storage(), newShape, lease);
    }

    /** @return this tensor's membership in a scope, or {@code null} */
    TensorScope.Lease lease() {
        checkLive();
        return lease;
    }

    /** @return an F32 tensor filled with {@code value} */
    public static Tensor full(ComputeBackend backend, float value, int... shape) {
        Tensor t = zeros(backend, shape);
        if (value != 0f) {
            backend.fill(t.storage, 0, t.numel(), value);
        }
        return t;
    }

    /** @return a scalar (rank-0) F32 tensor */
    public static Tensor scalar(ComputeBackend backend, float value) {
        return full(backend, value);
    }

    /**
     * Copies host floats into a new F32 tensor.
     *
     * @throws IllegalArgumentException if the data length is not the shape's element count
     */
    public static Tensor of(ComputeBackend backend, float[] data, int... shape) {
        checkLength(data.length, shape);
        return allocated(backend, backend.upload(data), shape);
    }

    /** Copies host ints into a new I32 tensor (token ids, targets). */
    public static Tensor ofInts(ComputeBackend backend, int[] data, int... shape) {
        checkLength(data.length, shape);
        return allocated(backend, backend.uploadInts(data), shape);
    }

    /** Wraps an existing storage of {@code backend} (no copy). */
    public static Tensor wrap(ComputeBackend backend, Storage storage, int... shape) {
        return new Tensor(backend, storage, shape);
    }

    /** @return an F32 tensor of independent normal samples with the given standard deviation */
    public static Tensor randn(ComputeBackend backend, Random rng, float std, int... shape) {
        float[] d = new float[Math.toIntExact(Shapes.numel(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextGaussian() * std);
        }
        return of(backend, d, shape);
    }

    private static void checkLength(int length, int[] shape) {
        if (length != Shapes.numel(shape)) {
            throw new IllegalArgumentException("data has " + length + " elements but shape " + Arrays.toString(shape)
                    + " needs " + Shapes.numel(shape));
        }
    }

    // ------------------------------------------------------------------ properties

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the size of one dimension; negative axes count from the end */
    public int size(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** @return the element type */
    public DType dtype() {
        return storage().dtype();
    }

    /** @return the device of the storage */
    public Device device() {
        return storage().device();
    }

    /** @return the backend that owns the storage */
    public ComputeBackend backend() {
        return backend;
    }

    /**
     * @return the underlying storage, for kernels and IO
     * @throws IllegalStateException if the tensor's memory was given back when its {@link TensorScope} closed
     */
    public Storage storage() {
        checkLive();
        return storage;
    }

    private void checkLive() {
        if (lease != null && lease.released) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " used after its memory was"
                    + " given back: it was made inside a TensorScope that has closed (keep() it to use it later),"
                    + " or it was a gradient a backward pass had consumed");
        }
    }

    // ------------------------------------------------------------------ host access

    /** @return the elements of an F32 tensor, copied to the host */
    public float[] toFloatArray() {
        requireDType(DType.F32, "toFloatArray");
        float[] out = new float[Math.toIntExact(numel())];
        backend.download(storage(), 0, out, 0, out.length);
        return out;
    }

    /** @return the elements of an I32 tensor, copied to the host */
    public int[] toIntArray() {
        requireDType(DType.I32, "toIntArray");
        int[] out = new int[Math.toIntExact(numel())];
        backend.downloadInts(storage(), 0, out, 0, out.length);
        return out;
    }

    /**
     * @return the single element of a one-element F32 tensor
     * @throws IllegalStateException if the tensor has more than one element
     */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, shape is " + Arrays.toString(shape));
        }
        float[] out = new float[1];
        backend.download(storage(), 0, out, 0, 1);
        return out[0];
    }

    /** Overwrites this tensor's elements from host floats, outside autograd (loading weights). */
    public void copyFrom(float[] data) {
        requireDType(DType.F32, "copyFrom");
        checkLength(data.length, shape);
        Storage s = backend.upload(data);
        backend.copyStrided(s, 0, new long[] {1}, storage(), 0, new long[] {1}, new int[] {data.length});
    }

    /** Overwrites this tensor's elements with another tensor's of the same shape, outside autograd. */
    public void copyFrom(Tensor other) {
        checkSameBackend(other);
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("copyFrom: shape " + Arrays.toString(other.shape)
                    + " does not match " + Arrays.toString(shape));
        }
        int n = Math.toIntExact(numel());
        backend.copyStrided(other.storage(), 0, new long[] {1}, storage(), 0, new long[] {1}, new int[] {n});
    }

    // ------------------------------------------------------------------ autograd

    /** @return whether gradients flow to or through this tensor */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as needing a gradient.
     *
     * @return this tensor
     * @throws IllegalArgumentException for integer tensors
     */
    public Tensor requiresGrad(boolean value) {
        if (value && dtype() != DType.F32) {
            throw new IllegalArgumentException("only F32 tensors can require gradients, this one is " + dtype());
        }
        this.requiresGrad = value;
        return this;
    }

    /** @return the accumulated gradient, or {@code null} before the first backward */
    public Tensor grad() {
        return grad;
    }

    /** Sets the gradient (for optimizers and gradient surgery); {@code null} clears it. */
    public void setGrad(Tensor g) {
        if (g != null) {
            checkSameBackend(g);
            if (!Arrays.equals(g.shape, shape)) {
                throw new IllegalArgumentException("gradient shape " + Arrays.toString(g.shape)
                        + " does not match tensor shape " + Arrays.toString(shape));
            }
        }
        this.grad = g == null ? null : TensorScope.escape(g);
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        this.grad = null;
    }

    /** @return whether this tensor was produced by a recorded op (not a leaf) */
    public boolean hasGradFn() {
        return gradFn != null;
    }

    /**
     * Registers a hook called with this tensor's gradient during {@link #backward()}, once per backward,
     * before the gradient is accumulated (leaves) or propagated (intermediates). Hooks observe; they must not
     * modify the gradient.
     */
    public void onGrad(Consumer<Tensor> hook) {
        if (gradHooks.isEmpty()) {
            gradHooks = new ArrayList<>();
        }
        gradHooks.add(hook);
    }

    /** @return a tensor sharing this storage, cut off from the graph */
    public Tensor detach() {
        return view(shape);
    }

    /**
     * Backpropagates from a scalar: equivalent to {@code backward(ones)}.
     *
     * @throws IllegalStateException if this tensor is not a scalar, needs no gradient, or its graph was freed
     */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a scalar, shape is "
                    + Arrays.toString(shape));
        }
        backward(full(backend, 1f, shape));
    }

    /**
     * Backpropagates {@code gradient} (of this tensor's shape) through the recorded graph, accumulating into
     * the gradients of the leaves that require one, then frees the graph.
     */
    public void backward(Tensor gradient) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor that does not require a gradient: no input of the"
                    + " ops that made it requires one, or it was computed inside NoGrad");
        }
        checkSameBackend(gradient);
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("gradient shape " + Arrays.toString(gradient.shape)
                    + " does not match tensor shape " + Arrays.toString(shape));
        }
        List<Tensor> order = topologicalOrder(this);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        // A gradient buffer may be accumulated into (axpy) only by its single owner; a buffer handed to two
        // owners (add's backward passes one gradient to both inputs) is copied for the second.
        Map<Storage, Boolean> owned = new IdentityHashMap<>();
        owned.put(gradient.storage, Boolean.TRUE);
        grads.put(this, gradient);
        // An intermediate gradient that this pass made and has consumed goes back to the backend for reuse
        // (release); never a storage of the graph's own tensors, the caller's seed, or one a hook has seen.
        Map<Storage, Boolean> graphStorages = new IdentityHashMap<>();
        for (Tensor t : order) {
            graphStorages.put(t.storage, Boolean.TRUE);
        }
        graphStorages.put(gradient.storage, Boolean.TRUE);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor t : order) {
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                for (Consumer<Tensor> h : t.gradHooks) {
                    h.accept(g);
                }
                boolean reusable = t.gradHooks.isEmpty() && !graphStorages.containsKey(g.storage);
                if (t.gradFn == null) {
                    if (t.grad == null) {
                        t.grad = TensorScope.escape(g);
                    } else {
                        backend.axpy(1f, g.storage, t.grad.storage(), t.grad.numel());
                        if (reusable) {
                            owned.remove(g.storage);
                            g.giveBack();
                        }
                    }
                    continue;
                }
                if (g != gradient) {
                    owned.remove(g.storage);
                }
                Tensor[] inGrads = t.gradFn.run(g);
                Tensor[] inputs = t.gradFn.inputs;
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || !in.requiresGrad || inGrads[i] == null) {
                        continue;
                    }
                    Tensor prev = grads.get(in);
                    if (prev == null) {
                        Tensor gi = inGrads[i];
                        if (owned.put(gi.storage, Boolean.TRUE) != null) {
                            gi = gi.copy();
                            owned.put(gi.storage, Boolean.TRUE);
                        }
                        grads.put(in, gi);
                    } else {
                        backend.axpy(1f, inGrads[i].storage, prev.storage, prev.numel());
                    }
                }
                if (reusable && !passedOn(g.storage, inGrads)) {
                    g.giveBack();
                }
            }
        }
    }

    /** Gives this tensor's memory back to the backend now, once: the scope that owns it will not give it again. */
    private void giveBack() {
        if (lease != null) {
            lease.giveBack();
        } else {
            backend.release(storage);
        }
    }

    /** @return whether one of a node's input gradients shares the storage of the gradient it consumed */
    private static boolean passedOn(Storage consumed, Tensor[] inGrads) {
        for (Tensor gi : inGrads) {
            if (gi != null && gi.storage == consumed) {
                return true;
            }
        }
        return false;
    }

    /** @return a contiguous copy of this tensor, outside autograd */
    Tensor copy() {
        Tensor c = emptyLike(shape);
        int n = Math.toIntExact(numel());
        backend.copyStrided(storage(), 0, new long[] {1}, c.storage, 0, new long[] {1}, new int[] {n});
        return c;
    }

    private static List<Tensor> topologicalOrder(Tensor root) {
        // Iterative post-order DFS, reversed: a node comes before all of its inputs.
        List<Tensor> post = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int next = (Integer) top[1];
            Tensor[] inputs = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs;
            if (next < inputs.length) {
                top[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad && seen.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                post.add(t);
            }
        }
        Collections.reverse(post);
        return post;
    }

    /**
     * Records {@code out} as the result of an op on {@code inputs} when any input requires a gradient and
     * grad mode is on. Returns {@code out}.
     */
    static Tensor record(Tensor out, String op, Node.Backward backward, Tensor... inputs) {
        if (!NoGrad.isGradEnabled()) {
            return out;
        }
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad) {
                out.requiresGrad = true;
                out.gradFn = new Node(op, inputs, backward);
                return out;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ checks

    void checkSameBackend(Tensor other) {
        if (other.backend != backend) {
            throw new IllegalArgumentException("tensors on different backends/devices: " + backend.name() + " ("
                    + device() + ") and " + other.backend.name() + " (" + other.device() + "); move one with to()");
        }
    }

    void requireDType(DType dt, String op) {
        if (dtype() != dt) {
            throw new IllegalArgumentException(op + " needs a " + dt + " tensor, got " + dtype());
        }
    }

    Tensor newLike(int... newShape) {
        return zeros(backend, newShape);
    }

    /** @return a tensor whose elements are unspecified, for a kernel output that writes every element */
    Tensor emptyLike(int... newShape) {
        return allocated(backend, backend.allocateForOverwrite(dtype(), Shapes.numel(newShape)), newShape);
    }

    /**
     * Copies this tensor to another backend (for example from {@code cpu} to {@code cuda}); the copy is a leaf
     * with the same {@code requiresGrad} flag.
     */
    public Tensor to(ComputeBackend target) {
        if (target == backend) {
            return this;
        }
        Tensor t = dtype() == DType.I32 ? ofInts(target, toIntArray(), shape) : of(target, toFloatArray(), shape);
        return t.requiresGrad(requiresGrad);
    }

    // ------------------------------------------------------------------ elementwise

    /** @return {@code this + other} with broadcasting */
    public Tensor add(Tensor other) {
        return Ops.binary(BinaryOp.ADD, this, other);
    }

    /** @return {@code this − other} with broadcasting */
    public Tensor sub(Tensor other) {
        return Ops.binary(BinaryOp.SUB, this, other);
    }

    /** @return {@code this · other} elementwise, with broadcasting */
    public Tensor mul(Tensor other) {
        return Ops.binary(BinaryOp.MUL, this, other);
    }

    /** @return {@code this / other} elementwise, with broadcasting */
    public Tensor div(Tensor other) {
        return Ops.binary(BinaryOp.DIV, this, other);
    }

    /** @return {@code this + c} */
    public Tensor add(float c) {
        return Ops.affine(this, 1f, c);
    }

    /** @return {@code this · c} */
    public Tensor mul(float c) {
        return Ops.affine(this, c, 0f);
    }

    /** @return {@code −this} */
    public Tensor neg() {
        return Ops.affine(this, -1f, 0f);
    }

    /** @return {@code alpha·this + beta} */
    public Tensor affine(float alpha, float beta) {
        return Ops.affine(this, alpha, beta);
    }

    /** @return {@code op(this)} elementwise */
    public Tensor apply(UnaryOp op) {
        return Ops.unary(op, this);
    }

    /** @return {@code exp(this)} */
    public Tensor exp() {
        return apply(UnaryOp.EXP);
    }

    /** @return {@code log(this)} */
    public Tensor log() {
        return apply(UnaryOp.LOG);
    }

    /** @return {@code sqrt(this)} */
    public Tensor sqrt() {
        return apply(UnaryOp.SQRT);
    }

    /** @return {@code this²} */
    public Tensor square() {
        return apply(UnaryOp.SQUARE);
    }

    /** @return {@code tanh(this)} */
    public Tensor tanh() {
        return apply(UnaryOp.TANH);
    }

    /** @return {@code max(this, 0)} */
    public Tensor relu() {
        return apply(UnaryOp.RELU);
    }

    /** @return the logistic sigmoid */
    public Tensor sigmoid() {
        return apply(UnaryOp.SIGMOID);
    }

    /** @return the elementwise comparison {@code this > other} as 1/0, never differentiated */
    public Tensor gt(Tensor other) {
        return Ops.binary(BinaryOp.GT, this, other);
    }

    /** @return the elementwise comparison {@code this == other} as 1/0, never differentiated */
    public Tensor eq(Tensor other) {
        return Ops.binary(BinaryOp.EQ, this, other);
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * Matrix product with batch broadcasting: {@code [..., m, k] @ [k, n] → [..., m, n]}, or
     * {@code [b..., m, k] @ [b..., k, n]} with equal batch dimensions (or a batch of 1 on either side).
     */
    public Tensor matmul(Tensor other) {
        return Ops.matmul(this, other, false, false);
    }

    // ------------------------------------------------------------------ reductions

    /** @return the sum of all elements, a scalar */
    public Tensor sum() {
        return reshape((int) numel()).sum(0, false);
    }

    /** @return the mean of all elements, a scalar */
    public Tensor mean() {
        return reshape((int) numel()).mean(0, false);
    }

    /** @return the sum along one axis */
    public Tensor sum(int axis, boolean keepDim) {
        return Ops.reduce(ReduceOp.SUM, this, axis, keepDim);
    }

    /** @return the mean along one axis */
    public Tensor mean(int axis, boolean keepDim) {
        return Ops.reduce(ReduceOp.MEAN, this, axis, keepDim);
    }

    /** @return the maximum along one axis (not differentiable) */
    public Tensor max(int axis, boolean keepDim) {
        return Ops.reduce(ReduceOp.MAX, this, axis, keepDim);
    }

    /** @return the I32 indices of the maximum along the last axis */
    public Tensor argmax() {
        int cols = shape[shape.length - 1];
        int rows = (int) (numel() / Math.max(cols, 1));
        Tensor out = allocated(backend, backend.allocate(DType.I32, rows), Arrays.copyOf(shape, shape.length - 1));
        backend.argmax(storage(), rows, cols, out.storage);
        return out;
    }

    /** @return softmax along the last axis */
    public Tensor softmax() {
        return Ops.softmax(this, false);
    }

    /** @return log-softmax along the last axis */
    public Tensor logSoftmax() {
        return Ops.softmax(this, true);
    }

    // ------------------------------------------------------------------ shape

    /**
     * @return a tensor with the same elements and a new shape (one dimension may be -1); shares storage
     */
    public Tensor reshape(int... newShape) {
        return Ops.reshape(this, newShape);
    }

    /** @return the tensor with its dimensions permuted (a copy) */
    public Tensor permute(int... perm) {
        return Ops.permute(this, perm);
    }

    /** @return the tensor with two dimensions swapped (a copy) */
    public Tensor transpose(int a, int b) {
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        a = Shapes.axis(a, shape.length);
        b = Shapes.axis(b, shape.length);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** @return elements {@code [start, end)} along an axis (a copy) */
    public Tensor slice(int axis, int start, int end) {
        return Ops.slice(this, axis, start, end);
    }

    /** @return the tensor with a dimension of size 1 inserted at {@code axis} */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : shape[j++];
        }
        return reshape(s);
    }

    /** @return rows of this tensor's first axis picked by I32 indices ({@code [n, ...]}) */
    public Tensor indexSelect(Tensor indices) {
        return Ops.indexSelect(this, indices);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + "(" + dtype() + ", " + backend.name()
                + (requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
