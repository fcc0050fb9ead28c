package dev.graft.runtime.cli.bench;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.GemmSpec;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes: wraps a {@link ComputeBackend} so that the wall time of every kernel call
 * is added to its kernel's total (GEMMs by shape), while {@linkplain #recording recording}. Kernels run
 * synchronously on the calling thread, so the totals add up to the time spent in kernels; the rest of a step is
 * the tensor layer itself (autograd bookkeeping, shape checks, the optimizer loop).
 *
 * <p>A GPU backend queues its kernels and returns at once; for such a backend the profile is given a barrier
 * (the device's synchronize) that it runs before and after every recorded call, so each kernel's time is its
 * launch and its execution on the device. The barriers make the profiled step slower than an unprofiled one.
 */
final class KernelProfile implements InvocationHandler {
    private final ComputeBackend target;
    private final Runnable barrier;
    private final Map<String, long[]> totals = new HashMap<>();
    private boolean recording;

    private KernelProfile(ComputeBackend target, Runnable barrier) {
        this.target = target;
        this.barrier = barrier;
    }

    /** @return the profile whose {@link #backend()} times every call into {@code target}, a synchronous backend */
    static KernelProfile wrap(ComputeBackend target) {
        return new KernelProfile(target, () -> { });
    }

    /**
     * @param barrier waits until every call made so far into {@code target} has finished on its device
     * @return the profile whose {@link #backend()} times every call into {@code target}, an asynchronous backend
     */
    static KernelProfile wrap(ComputeBackend target, Runnable barrier) {
        return new KernelProfile(target, barrier);
    }

    /** @return a backend that forwards to the wrapped one and records each call's time */
    ComputeBackend backend() {
        return (ComputeBackend) Proxy.newProxyInstance(ComputeBackend.class.getClassLoader(),
                new Class<?>[] {ComputeBackend.class}, this);
    }

    /** Starts or stops adding call times to the totals (warm-up steps are not recorded). */
    void recording(boolean on) {
        recording = on;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "profiled " + target.name();
            };
        }
        boolean timed = recording;
        if (timed) {
            barrier.run();
        }
        long t0 = timed ? System.nanoTime() : 0;
        try {
            Object result = method.invoke(target, args);
            if (timed) {
                barrier.run();
            }
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (timed) {
                long[] t = totals.computeIfAbsent(key(method, args), k -> new long[2]);
                t[0] += System.nanoTime() - t0;
                t[1]++;
            }
        }
    }

    private static String key(Method method, Object[] args) {
        if (method.getName().equals("allocate") && args[1] instanceof Long n) {
            return "allocate " + (n >= 1 << 20 ? "≥1M" : n >= 1 << 16 ? "64K-1M" : "<64K") + " elements";
        }
        if (args != null && args.length > 0 && args[0] instanceof GemmSpec g) {
            String op = (g.transA() ? "T" : "N") + (g.transB() ? "T" : "N");
            return method.getName() + " " + (g.batch() > 1 ? g.batch() + "x" : "") + g.m() + "x" + g.n() + "x" + g.k()
                    + ":" + op;
        }
        return method.getName();
    }

    /**
     * Prints the kernels by total time, largest first, as a share of {@code stepNanos} (the recorded steps'
     * total wall time); kernels under 0.5 % are summed into one line.
     */
    void print(PrintWriter w, long stepNanos, int steps) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(totals.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        long inKernels = 0;
        long gemm = 0;
        for (Map.Entry<String, long[]> e : rows) {
            inKernels += e.getValue()[0];
            if (e.getKey().startsWith("gemm")) {
                gemm += e.getValue()[0];
            }
        }
        w.printf("  where the time goes (%d steps, %.1f ms per step):%n", steps, stepNanos / 1e6 / steps);
        w.printf("    %-34s %9s %7s %8s%n", "kernel", "ms/step", "share", "calls");
        long small = 0;
        for (Map.Entry<String, long[]> e : rows) {
            long ns = e.getValue()[0];
            if (ns < 0.005 * stepNanos) {
                small += ns;
                continue;
            }
            w.printf("    %-34s %9.2f %6.1f%% %8d%n", e.getKey(), ns / 1e6 / steps, 100.0 * ns / stepNanos,
                    e.getValue()[1] / steps);
        }
        w.printf("    %-34s %9.2f %6.1f%%%n", "other kernels", small / 1e6 / steps, 100.0 * small / stepNanos);
        w.printf("    %-34s %9.2f %6.1f%%%n", "all GEMMs", gemm / 1e6 / steps, 100.0 * gemm / stepNanos);
        w.printf("    %-34s %9.2f %6.1f%%%n", "outside kernels (tensor layer)", (stepNanos - inKernels) / 1e6 / steps,
                100.0 * (stepNanos - inKernels) / stepNanos);
    }
}
