package dev.graft.api.train.reuse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a reuse study measured: the source, every run (the learning-rate sweep on seed 0 and the other seeds at
 * each arm's chosen rate), and the comparisons read from them. Immutable.
 *
 * @param status        whether the study completed or was cancelled (then the runs are those finished so far)
 * @param study         the study
 * @param seed          the study's seed
 * @param source        the pre-trained source
 * @param runs          every finished run, in the order they ran
 * @param learningRates each arm's chosen learning rate (empty until its sweep finished)
 */
public record StudyResult(Status status, ReuseStudy study, long seed, SourceModel source, List<ArmRun> runs,
                          Map<Arm, Float> learningRates) {
    /** How the study ended. */
    public enum Status {
        /** Every run finished. */
        COMPLETED,
        /** Cancelled; a checkpoint was saved and a rerun continues from it. */
        CANCELLED
    }

    /**
     * One arm's line of the comparison table.
     *
     * @param arm             the arm
     * @param learningRate    its chosen peak learning rate
     * @param finalLoss       final validation loss over seeds
     * @param lossAtBudget    validation loss at the scratch run's total compute, over seeds
     * @param flopsFraction   compute to reach scratch's final loss as a fraction of scratch's, over seeds that reach it
     * @param saved           {@code 1 − flopsFraction}
     * @param savedWithSource the same with the source's pre-training counted as spent
     */
    public record Row(Arm arm, float learningRate, Spread finalLoss, Spread lossAtBudget, Spread flopsFraction,
                      Spread saved, Spread savedWithSource) {
    }

    public StudyResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(study, "study");
        runs = List.copyOf(runs);
        learningRates = Collections.unmodifiableMap(new EnumMap<>(learningRates.isEmpty()
                ? new EnumMap<Arm, Float>(Arm.class) : learningRates));
    }

    /** @return the seed-0 runs of an arm, one per swept learning rate, in sweep order */
    public List<ArmRun> sweep(Arm arm) {
        return runs.stream().filter(r -> r.arm() == arm && r.seed() == 0).toList();
    }

    /** @return the run of an arm on a seed at its chosen learning rate, if it finished */
    public Optional<ArmRun> run(Arm arm, int seed) {
        Float lr = learningRates.get(arm);
        if (lr == null) {
            return Optional.empty();
        }
        return runs.stream().filter(r -> r.arm() == arm && r.seed() == seed && r.learningRate() == lr).findFirst();
    }

    /** @return per seed (where both finished), the arm's savings against the scratch run of that seed */
    public List<Savings> savings(Arm arm) {
        List<Savings> out = new ArrayList<>();
        for (int s = 0; s < study.seeds(); s++) {
            Optional<ArmRun> scratch = run(Arm.SCRATCH, s);
            Optional<ArmRun> method = run(arm, s);
            if (scratch.isPresent() && method.isPresent()) {
                out.add(Savings.of(scratch.get().curve(), method.get().curve()));
            }
        }
        return out;
    }

    /** @return the arm's table line, or empty before its chosen-rate runs exist */
    public Optional<Row> row(Arm arm) {
        Float lr = learningRates.get(arm);
        if (lr == null) {
            return Optional.empty();
        }
        List<Double> fin = new ArrayList<>();
        List<Double> atBudget = new ArrayList<>();
        for (int s = 0; s < study.seeds(); s++) {
            Optional<ArmRun> r = run(arm, s);
            Optional<ArmRun> scratch = run(Arm.SCRATCH, s);
            if (r.isEmpty()) {
                continue;
            }
            fin.add(r.get().curve().finalLoss());
            if (scratch.isPresent()) {
                double budget = scratch.get().curve().last().flops();
                OptionalDouble l = r.get().curve().lossAt(budget, false);
                atBudget.add(l.isPresent() ? l.getAsDouble() : r.get().curve().finalLoss());
            }
        }
        List<Double> frac = new ArrayList<>();
        List<Double> saved = new ArrayList<>();
        List<Double> savedSource = new ArrayList<>();
        int n = 0;
        for (Savings sv : savings(arm)) {
            n++;
            if (sv.reached()) {
                frac.add(sv.methodFlops().getAsDouble() / sv.scratchFlops());
                saved.add(sv.saved().getAsDouble());
                savedSource.add(sv.savedWithSource().getAsDouble());
            }
        }
        return Optional.of(new Row(arm, lr, Spread.of(fin, fin.size()), Spread.of(atBudget, atBudget.size()),
                Spread.of(frac, n), Spread.of(saved, n), Spread.of(savedSource, n)));
    }

    /**
     * The comparison as a Markdown table: per arm, its learning rate, validation loss at the scratch run's compute,
     * compute to reach scratch's final loss as a percentage of scratch's, and the compute saved without and with
     * the source's pre-training; mean ± sample standard deviation over seeds, with how many seeds reached the
     * target.
     */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | peak lr | val MLM loss at scratch's compute | compute to reach scratch's final loss"
                + " | saved | saved, source pre-training counted | seeds reaching |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Arm arm : study.allArms()) {
            Optional<Row> row = row(arm);
            if (row.isEmpty()) {
                continue;
            }
            Row r = row.get();
            sb.append("| ").append(arm.label()).append(" | ").append(fmt(r.learningRate())).append(" | ")
                    .append(pm(r.lossAtBudget(), false)).append(" | ");
            if (arm == Arm.SCRATCH) {
                sb.append("100 % | — | — | — |\n");
                continue;
            }
            sb.append(pm(r.flopsFraction(), true)).append(" | ").append(pm(r.saved(), true)).append(" | ")
                    .append(pm(r.savedWithSource(), true)).append(" | ").append(r.saved().count()).append('/')
                    .append(r.saved().of()).append(" |\n");
        }
        return sb.toString();
    }

    /** @return the learning-rate sweep as a Markdown table: final validation loss of each arm at each rate (seed 0) */
    public String sweepTable() {
        StringBuilder sb = new StringBuilder("| method |");
        List<Float> all = new ArrayList<>(study.learningRates());
        study.fixedRates().values().stream().filter(r -> !all.contains(r)).sorted().forEach(all::add);
        for (float lr : all) {
            sb.append(' ').append(fmt(lr)).append(" |");
        }
        sb.append(" chosen |\n|---|");
        sb.append("---|".repeat(all.size())).append("---|\n");
        for (Arm arm : study.allArms()) {
            sb.append("| ").append(arm.label()).append(" |");
            for (float lr : all) {
                Optional<ArmRun> r = sweep(arm).stream().filter(x -> x.learningRate() == lr).findFirst();
                sb.append(' ').append(r.map(x -> String.format(Locale.ROOT, "%.4f", x.curve().finalLoss())).orElse("—"))
                        .append(" |");
            }
            Float chosen = learningRates.get(arm);
            sb.append(' ').append(chosen == null ? "—" : fmt(chosen)).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * @param seed a seed index
     * @return each arm's curve on that seed at its chosen learning rate, labelled by arm, in arm order
     */
    public Map<String, dev.graft.api.train.LossCurve> curves(int seed) {
        Map<String, dev.graft.api.train.LossCurve> out = new java.util.LinkedHashMap<>();
        for (Arm arm : study.allArms()) {
            run(arm, seed).ifPresent(r -> out.put(arm.label(), r.curve()));
        }
        return out;
    }

    /**
     * The study as a Markdown report: set-up, the source, the comparison table, the sweep, every seed's numbers
     * and how compute is counted.
     *
     * @param title     the report's first heading
     * @param dataNote  one line describing the data (corpus, tokenizer, shapes)
     * @param plotFiles relative paths of the plots to link, may be empty
     */
    public String report(String title, String dataNote, List<String> plotFiles) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        if (status == Status.CANCELLED) {
            sb.append("**Cancelled before the end: the numbers below come from the runs finished so far.**\n\n");
        }
        sb.append("## Set-up\n\n");
        sb.append("- data: ").append(dataNote).append('\n');
        sb.append("- source: ").append(sizes(study.source())).append(", pre-trained ").append(study.sourceSteps())
                .append(" steps at peak lr ").append(fmt(study.sourceLr()));
        if (source != null) {
            sb.append(String.format(Locale.ROOT, "; final validation loss %.4f, %.3e FLOPs%s", source.finalLoss(),
                    (double) source.flops(), source.fromCache() ? " (read from the cache)" : ""));
        }
        sb.append('\n');
        sb.append("- target: ").append(sizes(study.target())).append('\n');
        sb.append("- budget: the scratch run's ").append(study.scratchSteps())
                .append(" steps; every other arm gets the same training FLOPs (teacher forwards, bert2BERT's first")
                .append(" stage and the growth itself included)\n");
        sb.append(String.format(Locale.ROOT, "- schedule: linear warm-up over %.0f %% of each run, then linear decay"
                + " to 0; AdamW (0.9, 0.98), eps 1e-6, weight decay 0.01, gradient norm clipped at 1%n",
                study.warmupFraction() * 100));
        sb.append(String.format(Locale.ROOT, "- Knowledge Inheritance: alpha decays linearly from 1 to 0 over %.0f %%"
                + " of its steps, temperature %s%n", study.kiFraction() * 100, study.kiTemperature()));
        sb.append(String.format(Locale.ROOT, "- bert2BERT: left unit map, stacked layers, first stage on bottom"
                + " sub-structures for %.0f %% of the scratch steps%n", study.firstStageFraction() * 100));
        sb.append("- seeds: ").append(study.seeds()).append(" (study seed ").append(seed)
                .append("); learning rates swept on seed 0: ").append(study.learningRates().stream()
                        .map(StudyResult::fmt).toList());
        if (!study.fixedRates().isEmpty()) {
            sb.append(", except fixed rates (from an earlier sweep) for ");
            sb.append(String.join(", ", study.fixedRates().entrySet().stream()
                    .map(e -> e.getKey().label() + " " + fmt(e.getValue())).toList()));
        }
        sb.append("\n\n");
        sb.append("## Compute to reach the scratch run's final validation loss\n\n");
        sb.append(table()).append('\n');
        sb.append("Each seed's scratch run sets its own target (its final validation loss); a method's compute is"
                + " read where its validation curve first reaches that loss (interpolated between evaluations)."
                + " Mean ± sample standard deviation over the seeds that reached it. \"saved, source pre-training"
                + " counted\" charges the source's pre-training to every method that uses it.\n\n");
        for (String f : plotFiles) {
            sb.append("![loss against compute](").append(f).append(")\n\n");
        }
        sb.append("## Learning-rate sweep (final validation loss, seed 0)\n\n").append(sweepTable()).append('\n');
        sb.append("## Every run at its chosen learning rate\n\n");
        sb.append("| method | seed | steps | training FLOPs | final val loss | FLOPs to reach scratch's final loss |"
                + " saved |\n|---|---|---|---|---|---|---|\n");
        for (int s = 0; s < study.seeds(); s++) {
            Optional<ArmRun> scratch = run(Arm.SCRATCH, s);
            for (Arm arm : study.allArms()) {
                Optional<ArmRun> r = run(arm, s);
                if (r.isEmpty()) {
                    continue;
                }
                ArmRun x = r.get();
                String reach = "—";
                String saved = "—";
                if (scratch.isPresent()) {
                    Savings sv = Savings.of(scratch.get().curve(), x.curve());
                    reach = sv.methodFlops().isPresent()
                            ? String.format(Locale.ROOT, "%.3e", sv.methodFlops().getAsDouble()) : "not reached";
                    saved = arm == Arm.SCRATCH || !sv.reached() ? "—"
                            : String.format(Locale.ROOT, "%.1f %%", sv.saved().getAsDouble() * 100);
                }
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3e | %.4f | %s | %s |%n", arm.label(), s,
                        x.steps(), (double) x.compute().training(), x.curve().finalLoss(), reach, saved));
            }
        }
        sb.append("\nFLOPs are counted by the engine: every matrix product as 2·m·n·k, attention as 4·B·H·T²·d"
                + " forward and twice that backward; validation is not training compute.\n");
        return sb.toString();
    }

    private static String sizes(dev.graft.api.model.bert.BertConfig c) {
        return String.format(Locale.ROOT, "BERT with %d layers, hidden size %d, heads %d, feed-forward size %d, vocabulary %d",
                c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(), c.vocabSize());
    }

    private static String fmt(float lr) {
        return String.format(Locale.ROOT, "%.1e", lr);
    }

    private static String pm(Spread s, boolean percent) {
        if (s.count() == 0) {
            return "not reached";
        }
        double k = percent ? 100 : 1;
        String f = percent ? "%.1f %%" : "%.4f";
        String out = String.format(Locale.ROOT, f, s.mean() * k);
        if (s.count() > 1) {
            out += String.format(Locale.ROOT, percent ? " ± %.1f" : " ± %.4f", s.std() * k);
        }
        return out;
    }
}
