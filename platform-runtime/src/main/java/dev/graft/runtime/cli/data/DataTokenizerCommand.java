package dev.graft.runtime.cli.data;

import dev.graft.api.data.BundleTokenizers;
import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code graft data tokenizer}: a WordPiece or byte-level BPE tokenizer trained on the bundle, cached. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        header = "Train (on first use) a tokenizer on the bundle's domains and print the directory of its tokenizer.json.")
public final class DataTokenizerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions options;

    @Option(names = "--kind", defaultValue = "wordpiece", paramLabel = "KIND", converter = KindConverter.class,
            description = "wordpiece or byte_level_bpe (default: ${DEFAULT-VALUE}).")
    BundleTokenizers.Kind kind;

    /** Parses a kind by its label. */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<BundleTokenizers.Kind> {
        @Override
        public BundleTokenizers.Kind convert(String value) {
            for (BundleTokenizers.Kind k : BundleTokenizers.Kind.values()) {
                if (k.label().equalsIgnoreCase(value)) {
                    return k;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown tokenizer kind '" + value
                    + "'; known: wordpiece, byte_level_bpe");
        }
    }

    @Option(names = "--vocab", defaultValue = "8192", paramLabel = "N", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (vocab < kind.smallestVocabulary()) {
            throw new ParameterException(spec.commandLine(), "--vocab must be at least " + kind.smallestVocabulary()
                    + " for " + kind.label() + ", got " + vocab);
        }
        return DataOptions.run(spec.commandLine().getErr(), () -> {
            DataBundle b = options.openBundle();
            DataCatalog catalog = DataCatalog.withCache(b, DataOptions.home(spec));
            Path dir = BundleTokenizers.directory(catalog, kind, vocab);
            out.println(dir);
            out.flush();
            return ExitCodes.OK;
        });
    }
}
