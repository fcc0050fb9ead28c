package dev.graft.runtime.cli.data;

import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.Dataset;
import dev.graft.api.data.DatasetStats;
import dev.graft.api.data.Domain;
import dev.graft.api.data.LinkedDocument;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft data build}: verifies every bundle file, builds every domain, task, QA set and linked corpus,
 * and fills the cache.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        header = "Verify the bundle and build (and cache) every domain, task, QA set and linked corpus.")
public final class DataBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            long t0 = System.nanoTime();
            DataCatalog catalog = options.catalog();
            catalog.bundle().verify();
            out.printf("bundle %s (%s): every file matches its SHA-256%n", catalog.bundle().directory(), catalog.bundle().id());
            for (Domain d : Domain.values()) {
                long t = System.nanoTime();
                long[] counts = new long[2];
                catalog.domain(d).forEach(doc -> {
                    counts[0]++;
                    counts[1] += doc.text().isBlank() ? 0 : doc.text().strip().split("\\s+").length;
                });
                out.printf("%-28s %8d documents %9d words  %5.1fs%n", d.label(), counts[0], counts[1], secs(t));
                out.flush();
            }
            for (Dataset d : Dataset.values()) {
                long t = System.nanoTime();
                if (d.kind() == Dataset.Kind.LINKED_CORPUS) {
                    List<LinkedDocument> docs = catalog.linkedCorpus(d);
                    long mentions = docs.stream().mapToLong(x -> x.entities().size()).sum();
                    long relations = docs.stream().mapToLong(x -> x.relations().size()).sum();
                    out.printf("%-28s %8d documents %9d mentions %7d relations  %5.1fs%n", d.label(), docs.size(), mentions,
                            relations, secs(t));
                } else {
                    DatasetStats s = catalog.stats(d);
                    out.printf("%-28s %8d examples  (%d/%d/%d)  %5.1fs%n", d.label(), s.total(), s.train(), s.dev(), s.test(),
                            secs(t));
                }
                out.flush();
            }
            catalog.cache().ifPresent(c -> out.println("cache: " + c.directory()));
            out.printf("built in %.1fs%n", secs(t0));
            out.flush();
            return ExitCodes.OK;
        });
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
