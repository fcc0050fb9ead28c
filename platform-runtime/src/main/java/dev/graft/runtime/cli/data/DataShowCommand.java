package dev.graft.runtime.cli.data;

import com.google.gson.Gson;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.Dataset;
import dev.graft.api.data.Domain;
import dev.graft.api.data.ExtendedDomain;
import dev.graft.api.data.ExtendedTask;
import dev.graft.api.data.Split;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--text-to-text", description = "For a QA set: print each example as the {input, target} pair one"
            + " sequence-to-sequence model trains on for every format.")
    boolean textToText;

    /** A QA example as {@code --text-to-text} prints it. */
    private record TextToText(String id, String input, String target) {
    }

    /** Everything {@code graft data list} names: domains, datasets, extended domains and extended tasks. */
    private static final List<Enum<?>> NAMED = Stream.of(Domain.values(), Dataset.values(), ExtendedDomain.values(),
            ExtendedTask.values()).<Enum<?>>flatMap(Arrays::stream).toList();

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (n < 0) {
            throw new ParameterException(spec.commandLine(), "--n must be 0 or more, got " + n);
        }
        Split s;
        try {
            s = Split.valueOf(split.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--split must be train, dev or test, got '" + split + "'");
        }
        Enum<?> named = NAMED.stream().filter(e -> label(e).equals(name)).findFirst().orElseThrow(() ->
                new ParameterException(spec.commandLine(), "unknown name '" + name + "'; known: "
                        + String.join(", ", NAMED.stream().map(DataShowCommand::label).toList())));
        if (textToText && !(named instanceof Dataset d && d.kind() == Dataset.Kind.QA)) {
            throw new ParameterException(spec.commandLine(), "--text-to-text applies to QA sets; " + name + " is not one");
        }
        Gson gson = new Gson();
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            DataCatalog catalog = options.catalog();
            Stream<?> rows = switch (named) {
                case Domain d -> catalog.domain(d);
                case ExtendedDomain d -> options.extended(catalog).domain(d);
                case ExtendedTask t -> switch (t.kind()) {
                    case CLASSIFICATION -> options.extended(catalog).task(t).examples(s).stream();
                    case TAGGING -> options.extended(catalog).tagging(t).sentences(s).stream();
                };
                case Dataset d -> switch (d.kind()) {
                    case CLASSIFICATION -> catalog.task(d).examples(s).stream();
                    case QA -> catalog.qaSet(d).examples(s).stream().map(e -> textToText
                            ? new TextToText(e.id(), e.textToTextInput(), e.answerText()) : e);
                    case LINKED_CORPUS -> catalog.linkedCorpus(d).stream().filter(x -> x.split() == s);
                };
                default -> throw new IllegalStateException("not a data name: " + named);
            };
            rows.limit(n).forEach(r -> out.println(gson.toJson(r)));
            out.flush();
            return ExitCodes.OK;
        });
    }
}
