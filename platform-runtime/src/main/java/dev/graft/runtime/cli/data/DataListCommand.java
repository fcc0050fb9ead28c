package dev.graft.runtime.cli.data;

import dev.graft.api.data.Dataset;
import dev.graft.api.data.Domain;
import dev.graft.api.data.ExtendedData;
import dev.graft.api.data.ExtendedDomain;
import dev.graft.api.data.ExtendedFile;
import dev.graft.api.data.ExtendedTask;
import java.util.List;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft data list}: the names of every domain, task, QA set and linked corpus, then those built from the
 * extended sources with whether their files have been fetched.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List the pre-training domains, classification tasks, QA sets and linked corpora.")
public final class DataListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("domains (pre-training document streams):");
        for (Domain d : Domain.values()) {
            out.printf("  %-28s %s%n", d.label(), d.description());
        }
        for (Dataset.Kind kind : Dataset.Kind.values()) {
            out.println(switch (kind) {
                case CLASSIFICATION -> "classification tasks:";
                case QA -> "QA sets:";
                case LINKED_CORPUS -> "entity/relation-linked corpora:";
            });
            for (Dataset d : Dataset.values()) {
                if (d.kind() == kind) {
                    out.printf("  %-28s %-16s %s%n", d.label(), d.format() == null ? "" : d.format().label(), d.description());
                }
            }
        }
        ExtendedData extended = new ExtendedData(DataOptions.home(spec).extendedDirectory(), null);
        out.println("extended (built from 'graft data fetch --extended' into " + extended.directory() + "):");
        for (ExtendedDomain d : ExtendedDomain.values()) {
            out.printf("  %-28s %-16s %s%s%n", d.label(), "domain", d.description(), missing(extended, d.files()));
        }
        for (ExtendedTask t : ExtendedTask.values()) {
            out.printf("  %-28s %-16s %s%s%n", t.label(), t.kind().label(), t.description(), missing(extended, t.files()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String missing(ExtendedData extended, List<ExtendedFile> files) {
        List<ExtendedFile> m = extended.missing(files);
        return m.isEmpty() ? "" : " [not fetched: " + m.getFirst().fetchCommand() + "]";
    }
}
