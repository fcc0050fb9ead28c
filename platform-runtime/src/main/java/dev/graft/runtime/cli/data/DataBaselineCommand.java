package dev.graft.runtime.cli.data;

import dev.graft.api.data.BagOfWordsBaseline;
import dev.graft.api.data.ClassificationTask;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.Dataset;
import dev.graft.api.data.DatasetStats;
import dev.graft.api.data.ExtendedTask;
import dev.graft.api.data.MostFrequentTagBaseline;
import dev.graft.api.data.TaggingTask;
import dev.graft.runtime.cli.ExitCodes;
import dev.graft.runtime.cli.GraftVersion;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft data baseline TASK}: bag-of-words logistic regression on a classification task, or the
 * most-frequent-tag baseline on a tagging task.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        header = "Score a baseline on a task: bag-of-words logistic regression for a classification task,"
                + " the most frequent tag per word for a tagging task (brown_pos).")
public final class DataBaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions options;

    @Parameters(index = "0", paramLabel = "TASK", description = "A classification or tagging task from 'graft data list'.")
    String task;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training split (default: 8).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the visiting order (default: 17).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Dataset> embedded = Arrays.stream(Dataset.values()).filter(d -> d.kind() == Dataset.Kind.CLASSIFICATION).toList();
        Optional<Dataset> d = embedded.stream().filter(x -> x.label().equals(task)).findFirst();
        Optional<ExtendedTask> x = Arrays.stream(ExtendedTask.values()).filter(e -> e.label().equals(task)).findFirst();
        if (d.isEmpty() && x.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "'" + task + "' is not a classification or tagging task; they are: "
                    + String.join(", ", Stream.concat(embedded.stream().map(Dataset::label),
                            Arrays.stream(ExtendedTask.values()).map(ExtendedTask::label)).toList()));
        }
        if (epochs != null && epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
        }
        if (x.isPresent() && x.get().kind() == ExtendedTask.Kind.TAGGING) {
            if (epochs != null || seed != null) {
                throw new ParameterException(spec.commandLine(), "--epochs and --seed set the logistic regression;"
                        + " the most-frequent-tag baseline of " + task + " has neither");
            }
            return DataOptions.run(spec.commandLine().getErr(), () -> {
                TaggingTask t = options.extended(options.catalog()).tagging(x.get());
                MostFrequentTagBaseline.Result r = MostFrequentTagBaseline.run(t);
                out.printf("%s: most frequent tag per word (lower case; unseen words get the majority tag '%s')%n",
                        t.name(), t.majorityTag());
                out.printf("  vocabulary %d, accuracy dev %.3f, test %.3f (majority tag %.3f); %.1f %% of test words"
                        + " unseen in training, %.3f of them right%n", r.vocabulary(), r.devAccuracy(), r.testAccuracy(),
                        t.majorityAccuracy(), 100 * r.unknownTestShare(), r.unknownTestAccuracy());
                printRecord(out, DataCatalog.stats(t));
                return ExitCodes.OK;
            });
        }
        BagOfWordsBaseline.Config def = BagOfWordsBaseline.Config.DEFAULT;
        BagOfWordsBaseline.Config cfg = new BagOfWordsBaseline.Config(epochs == null ? def.epochs() : epochs,
                def.learningRate(), def.l2(), seed == null ? def.seed() : seed);
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            DataCatalog catalog = options.catalog();
            ClassificationTask t = d.isPresent() ? catalog.task(d.get()) : options.extended(catalog).task(x.get());
            BagOfWordsBaseline.Result r = BagOfWordsBaseline.run(t, cfg);
            out.printf("%s: bag-of-words logistic regression (%s features, %d epochs, seed %d)%n", t.name(),
                    t.isPairTask() ? "character 2-4-gram" : "word 1-2-gram tf-idf", cfg.epochs(), cfg.seed());
            out.printf("  vocabulary %d, accuracy train %.3f, dev %.3f, test %.3f (majority class %.3f)%n", r.features(),
                    r.trainAccuracy(), r.devAccuracy(), r.testAccuracy(), t.majorityAccuracy());
            printRecord(out, DataCatalog.stats(t));
            return ExitCodes.OK;
        });
    }

    /** The versions and the fingerprint that tie a reported accuracy to the exact examples and splits. */
    private static void printRecord(PrintWriter out, DatasetStats stats) {
        out.printf("  graft %s, Java %s; examples and splits: fingerprint %s%n", GraftVersion.VERSION, Runtime.version(),
                stats.fingerprint());
        out.flush();
    }
}
