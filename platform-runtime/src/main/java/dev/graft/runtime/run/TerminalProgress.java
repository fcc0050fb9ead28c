package dev.graft.runtime.run;

import dev.graft.api.spi.ProgressReporter;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows progress on standard error: a live bar with rate and ETA on a terminal, and otherwise one line at every
 * tenth of the phase ({@code fit 150/300 (50%) 812.4 steps/s ETA 0:00:00}).
 */
public final class TerminalProgress implements ProgressReporter {
    private final PrintStream err;
    private final boolean interactive;
    private ProgressBar bar;
    private String phase;
    private long total;
    private long done;
    private long startNanos;
    private long startDone;
    private int lastTenth;

    /**
     * @param err         where to write
     * @param interactive whether {@code err} is a terminal (live bar) or not (lines)
     */
    public TerminalProgress(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void begin(String phase, long totalSteps) {
        end();
        this.phase = phase;
        this.total = Math.max(1, totalSteps);
        this.done = 0;
        this.startDone = -1;
        this.lastTenth = 0;
        this.startNanos = System.nanoTime();
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(phase).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .showSpeed().setUnit(" steps", 1).setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public void advance(long steps) {
        if (phase == null) {
            return;
        }
        if (startDone < 0) {
            // the first advance may jump to a resumed position: measure the rate from there
            startDone = done + steps;
            startNanos = System.nanoTime();
            done += steps;
            lastTenth = (int) (10 * done / total);
            if (bar != null) {
                bar.stepTo(done);
            }
            return;
        }
        done += steps;
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        int tenth = (int) (10 * done / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            err.println(line());
        }
    }

    String line() {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? (done - Math.max(0, startDone)) / secs : 0;
        long eta = rate > 0 ? (long) ((total - done) / rate) : 0;
        Duration d = Duration.ofSeconds(eta);
        return String.format("%s %d/%d (%d%%) %.1f steps/s ETA %d:%02d:%02d", phase, done, total, 100 * done / total, rate,
                d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public void end() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        phase = null;
    }
}
