package dev.graft.runtime.cli.model;

import dev.graft.api.model.tokenizer.Encoding;
import dev.graft.api.model.tokenizer.Tokenizer;
import dev.graft.api.model.tokenizer.TokenizerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft tokenize DIR --text TEXT}: the ids the directory's {@code tokenizer.json} gives a text. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        header = "Print the token ids of a text as a JSON array.",
        description = "Uses DIR/tokenizer.json (and tokenizer_config.json for the special tokens) through Hugging "
                + "Face's own tokenizer implementation, so the ids are those Python's tokenizers gives.")
public final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A model directory with tokenizer.json.")
    Path dir;

    @Option(names = "--text", required = true, description = "The text to encode.")
    String text;

    @Option(names = "--no-special-tokens", description = "Leave out the special tokens the template adds.")
    boolean noSpecialTokens;

    @Option(names = "--tokens", description = "Also print the tokens, as a second JSON array.")
    boolean tokens;

    @Override
    public Integer call() throws IOException {
        try (Tokenizer tok = Tokenizer.load(ModelDirs.tokenizerFile(dir),
                TokenizerOptions.defaults().withSpecialTokens(!noSpecialTokens))) {
            Encoding e = tok.encode(text);
            PrintWriter out = spec.commandLine().getOut();
            out.println(Arrays.stream(e.ids()).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]")));
            if (tokens) {
                out.println(e.tokens().stream().map(ModelDirs::jsonString).collect(Collectors.joining(", ", "[", "]")));
            }
        }
        return 0;
    }
}
