package dev.graft.runtime.cli.data;

import com.google.gson.Gson;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.Dataset;
import dev.graft.api.data.Document;
import dev.graft.api.data.Domain;
import dev.graft.api.data.ExtendedDomain;
import dev.graft.api.data.ExtendedTask;
import dev.graft.api.data.Split;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft data show NAME [--split train] [--n 5]}: the first examples of a dataset or documents of a domain. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Print the first examples of a task, QA set or linked corpus, or the first documents of a domain.")
public final class DataShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions options;

    @Parameters(index = "0", paramLabel = "NAME", description = "A name from 'graft data list'.")
    String name;

    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
            description = "train, dev or test (ignored for domains; default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = {"-n", "--n"}, defaultValue = "5", paramLabel = "N", description = "How many (default: ${DEFAULT-VALUE}).")
    int n;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Split s;
        try {
            s = Split.valueOf(split.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--split must be train, dev or test, got '" + split + "'");
        }
        boolean isDomain = java.util.Arrays.stream(Domain.values()).anyMatch(d -> d.label().equals(name));
        boolean isExtendedDomain = java.util.Arrays.stream(ExtendedDomain.values()).anyMatch(d -> d.label().equals(name));
        boolean isExtendedTask = java.util.Arrays.stream(ExtendedTask.values()).anyMatch(d -> d.label().equals(name));
        Gson gson = new Gson();
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            DataCatalog catalog = options.catalog();
            if (isDomain) {
                List<Document> docs = catalog.domain(Domain.fromLabel(name)).limit(n).toList();
                docs.forEach(d -> out.println(gson.toJson(d)));
            } else if (isExtendedDomain) {
                options.extended(catalog).domain(ExtendedDomain.fromLabel(name)).limit(n).forEach(d -> out.println(gson.toJson(d)));
            } else if (isExtendedTask) {
                options.extended(catalog).task(ExtendedTask.fromLabel(name)).examples(s).stream().limit(n)
                        .forEach(r -> out.println(gson.toJson(r)));
            } else {
                Dataset d = Dataset.fromLabel(name);
                List<?> rows = switch (d.kind()) {
                    case CLASSIFICATION -> catalog.task(d).examples(s);
                    case QA -> catalog.qaSet(d).examples(s);
                    case LINKED_CORPUS -> catalog.linkedCorpus(d).stream().filter(x -> x.split() == s).toList();
                };
                rows.stream().limit(n).forEach(r -> out.println(gson.toJson(r)));
            }
            out.flush();
            return ExitCodes.OK;
        });
    }
}
