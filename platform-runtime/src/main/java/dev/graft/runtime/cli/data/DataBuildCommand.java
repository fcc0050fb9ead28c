package dev.graft.runtime.cli.data;

import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.Dataset;
import dev.graft.api.data.DatasetStats;
import dev.graft.api.data.Document;
import dev.graft.api.data.Domain;
import dev.graft.api.data.ExtendedData;
import dev.graft.api.data.ExtendedDomain;
import dev.graft.api.data.ExtendedTask;
import dev.graft.api.data.LinkedDocument;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft data build [--extended]}: verifies every bundle file, builds every domain, task, QA set and linked
 * corpus, and fills the cache; with {@code --extended}, also builds what the fetched extended sources give.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        header = "Verify the bundle and build (and cache) every domain, task, QA set and linked corpus.")
public final class DataBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions options;

    @Option(names = "--extended", description = "Also build the domains and tasks of the extended sources that have been fetched.")
    boolean extended;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            long t0 = System.nanoTime();
            DataCatalog catalog = options.catalog();
            catalog.bundle().verify();
            out.printf("bundle %s (%s): every file matches its SHA-256%n", catalog.bundle().directory(), catalog.bundle().id());
            for (Domain d : Domain.values()) {
                printDomain(out, d.label(), catalog.domain(d));
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
            if (extended) {
                ExtendedData x = options.extended(catalog);
                for (ExtendedDomain d : ExtendedDomain.values()) {
                    if (DataOptions.fetched(x, d.label(), d.files(), spec.commandLine().getErr())) {
                        printDomain(out, d.label(), x.domain(d));
                    }
                }
                for (ExtendedTask task : ExtendedTask.values()) {
                    if (DataOptions.fetched(x, task.label(), task.files(), spec.commandLine().getErr())) {
                        long t = System.nanoTime();
                        DatasetStats s = x.stats(task);
                        out.printf("%-28s %8d %-9s (%d/%d/%d)  %5.1fs%n", task.label(), s.total(),
                                task.kind() == ExtendedTask.Kind.TAGGING ? "words" : "examples", s.train(), s.dev(),
                                s.test(), secs(t));
                        out.flush();
                    }
                }
            }
            catalog.cache().ifPresent(c -> out.println("cache: " + c.directory()));
            out.printf("built in %.1fs%n", secs(t0));
            out.flush();
            return ExitCodes.OK;
        });
    }

    private static void printDomain(PrintWriter out, String name, Stream<Document> docs) {
        long t = System.nanoTime();
        long[] counts = new long[2];
        docs.forEach(doc -> {
            counts[0]++;
            counts[1] += doc.text().isBlank() ? 0 : doc.text().strip().split("\\s+").length;
        });
        out.printf("%-28s %8d documents %9d words  %5.1fs%n", name, counts[0], counts[1], secs(t));
        out.flush();
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
