package dev.graft.plugins.example;

import dev.graft.api.spi.Checkpoint;
import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.Parameter;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.RunContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Fits {@code y = a·x + b} to noisy points of the line {@code y = 2x + 0.5} by full-batch gradient descent on
 * the mean squared error, and reports the fit beside the closed-form least-squares solution.
 *
 * <p>The points are drawn from the run's seed, so a run is reproducible bit for bit. The state {@code (a, b)}
 * is checkpointed every {@code checkpoint-every} steps (as exact hexadecimal doubles); a resumed run continues
 * from the last checkpoint and ends with the same bits as an uninterrupted one.
 */
public final class LineFitExperiment implements Experiment {
    static final Parameter<Integer> STEPS = Parameter.integer("steps", 300, "gradient-descent steps").atLeast(1);
    static final Parameter<Double> LEARNING_RATE =
            Parameter.real("learning-rate", 0.1, "step size of gradient descent").between(1e-9, 10);
    static final Parameter<Integer> POINTS = Parameter.integer("points", 64, "number of sample points").atLeast(2);
    static final Parameter<Double> NOISE =
            Parameter.real("noise", 0.1, "standard deviation of the noise added to y").atLeast(0);
    static final Parameter<Integer> CHECKPOINT_EVERY =
            Parameter.integer("checkpoint-every", 50, "steps between checkpoints").atLeast(1);
    static final Parameter<Integer> PAUSE_MS = Parameter.integer("pause-ms", 0,
            "milliseconds to wait after each step, to watch progress or try Ctrl-C and --resume").atLeast(0);

    /** Creates the experiment; the host finds it through {@code META-INF/services}. */
    public LineFitExperiment() {
    }

    @Override
    public String name() {
        return "line-fit";
    }

    @Override
    public String description() {
        return "Fits a line by gradient descent and compares it with the closed-form least-squares fit.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(STEPS, LEARNING_RATE, POINTS, NOISE, CHECKPOINT_EVERY, PAUSE_MS);
    }

    @Override
    public ExperimentResult run(RunContext ctx, ParameterValues p) throws IOException, InterruptedException {
        int n = p.get(POINTS);
        double[] x = new double[n];
        double[] y = new double[n];
        SplittableRandom rng = new SplittableRandom(ctx.seed());
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
            y[i] = 2 * x[i] + 0.5 + p.get(NOISE) * gaussian(rng);
        }
        double a = 0;
        double b = 0;
        long start = 0;
        Optional<Checkpoint> resume = ctx.artifacts().latestCheckpoint();
        if (resume.isPresent()) {
            String[] s = Files.readString(resume.get().directory().resolve("state.txt"), StandardCharsets.UTF_8)
                    .trim().split(" ");
            a = Double.parseDouble(s[0]);
            b = Double.parseDouble(s[1]);
            start = resume.get().step();
        }
        int steps = p.get(STEPS);
        double lr = p.get(LEARNING_RATE);
        ctx.progress().begin("fit", steps);
        ctx.progress().advance(start);
        for (long step = start + 1; step <= steps; step++) {
            if (ctx.cancellation().isCancelled()) {
                break;
            }
            double ga = 0;
            double gb = 0;
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double r = a * x[i] + b - y[i];
                loss += r * r;
                ga += 2 * r * x[i];
                gb += 2 * r;
            }
            a -= lr * ga / n;
            b -= lr * gb / n;
            ctx.metrics().log(step, "loss", loss / n);
            ctx.progress().advance(1);
            if (step % p.get(CHECKPOINT_EVERY) == 0 || step == steps) {
                String state = Double.toHexString(a) + " " + Double.toHexString(b) + "\n";
                ctx.artifacts().saveCheckpoint(step, dir -> Files.writeString(dir.resolve("state.txt"), state));
            }
            if (p.get(PAUSE_MS) > 0) {
                Thread.sleep(p.get(PAUSE_MS));
            }
        }
        ctx.progress().end();
        ctx.cancellation().throwIfCancelled();
        double[] ols = leastSquares(x, y);
        return new ExperimentResult(String.format(
                "Gradient descent reached a = %.4f, b = %.4f; the closed-form least-squares fit is a = %.4f, b = %.4f.",
                a, b, ols[0], ols[1]),
                List.of(new ExperimentResult.Metric("a", a), new ExperimentResult.Metric("b", b),
                        new ExperimentResult.Metric("ols_a", ols[0]), new ExperimentResult.Metric("ols_b", ols[1])));
    }

    /** The closed-form ordinary least-squares line through the points: {@code {slope, intercept}}. */
    static double[] leastSquares(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxy / sxx;
        return new double[] {slope, my - slope * mx};
    }

    /** A standard normal deviate by the Box-Muller transform. */
    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
