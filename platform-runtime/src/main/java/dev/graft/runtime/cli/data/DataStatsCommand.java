package dev.graft.runtime.cli.data;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.DatasetStats;
import dev.graft.api.data.ExtendedData;
import dev.graft.api.data.ExtendedTask;
import java.util.ArrayList;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft data stats [--json]}: for every task and QA set, its name, format, example count per split,
 * number of classes and majority-class test accuracy.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        header = "Print counts per split, classes and majority-class test accuracy of every task and QA set.",
        description = "For a tagging task (brown_pos) the counts are words and the classes are tags.")
public final class DataStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions options;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--extended", description = "Also the tasks built from the extended sources that have been fetched.")
    boolean extended;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            DataCatalog catalog = options.catalog();
            List<DatasetStats> stats = new ArrayList<>(catalog.stats());
            if (extended) {
                ExtendedData x = options.extended(catalog);
                for (ExtendedTask t : ExtendedTask.values()) {
                    if (DataOptions.fetched(x, t.label(), t.files(), spec.commandLine().getErr())) {
                        stats.add(x.stats(t));
                    }
                }
            }
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                        .toJson(toJson(stats)));
            } else {
                out.printf("%-26s %-16s %7s %6s %6s %7s %8s%n", "name", "format", "train", "dev", "test", "classes",
                        "majority");
                for (DatasetStats s : stats) {
                    out.printf("%-26s %-16s %7d %6d %6d %7d %8s%n", s.name(), s.format(), s.train(), s.dev(), s.test(),
                            s.classes(), Double.isNaN(s.majorityAccuracy()) ? "-" : String.format("%.3f", s.majorityAccuracy()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        });
    }

    /**
     * @param stats statistics
     * @return the JSON form: {@code [{name, format, counts: {train, dev, test}, classes, majority_test_accuracy}]},
     *     the accuracy {@code null} for extractive sets
     */
    static JsonArray toJson(List<DatasetStats> stats) {
        JsonArray a = new JsonArray();
        for (DatasetStats s : stats) {
            JsonObject o = new JsonObject();
            o.addProperty("name", s.name());
            o.addProperty("format", s.format());
            JsonObject c = new JsonObject();
            c.addProperty("train", s.train());
            c.addProperty("dev", s.dev());
            c.addProperty("test", s.test());
            o.add("counts", c);
            o.addProperty("classes", s.classes());
            if (Double.isNaN(s.majorityAccuracy())) {
                o.add("majority_test_accuracy", com.google.gson.JsonNull.INSTANCE);
            } else {
                o.addProperty("majority_test_accuracy", s.majorityAccuracy());
            }
            o.addProperty("fingerprint", s.fingerprint());
            a.add(o);
        }
        return a;
    }
}
