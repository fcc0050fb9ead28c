package dev.graft.runtime.cli.model;

import dev.graft.api.model.GenerationOptions;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.model.t5.T5ForConditionalGeneration;
import dev.graft.api.model.tokenizer.SpecialTokens;
import dev.graft.api.model.tokenizer.Tokenizer;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.runtime.cli.BackendOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft generate DIR --prompt TEXT}: continues a prompt with a GPT-2 model or answers it
 * with a T5 model (both decode with a key/value cache), greedily unless a temperature is given.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Generate text from a prompt with a GPT-2 or T5 model.",
        description = {"GPT-2 prints the prompt and its continuation; T5 prints the decoder's output. Generation "
                + "stops at the tokenizer's end-of-sequence token (T5: eos_token_id) or after --max-new-tokens.",
                "Decoding is greedy; --temperature samples instead, from the --top-k most likely tokens, with --seed."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A gpt2 or t5 model directory with tokenizer.json.")
    Path dir;

    @Option(names = "--prompt", required = true, description = "The text to continue (GPT-2) or transform (T5).")
    String prompt;

    @Option(names = "--max-new-tokens", description = "The most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens = 32;

    @Option(names = "--temperature", description = "0 for greedy decoding, else the sampling temperature "
            + "(default: ${DEFAULT-VALUE}).")
    float temperature = 0f;

    @Option(names = "--top-k", description = "Sample from this many most likely tokens; 0 for all "
            + "(default: ${DEFAULT-VALUE}).")
    int topK = 0;

    @Option(names = "--seed", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--ids", description = "Also print the generated ids as a JSON array.")
    boolean ids;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws IOException {
        GenerationOptions options;
        try {
            options = new GenerationOptions(maxNewTokens, temperature, topK, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--max-new-tokens, --temperature or --top-k: "
                    + e.getMessage());
        }
        try (Tokenizer tok = ModelDirs.tokenizer(dir); ComputeBackend be = backendOption.create()) {
            spec.commandLine().getErr().println("graft: " + backendOption.choiceMessage());
            try (PretrainedModule model = ModelDirs.load(dir, be)) {
                model.eval();
                int[] input = tok.encode(prompt).ids();
                int[] generated;
                String text;
                switch (model) {
                    case Gpt2LMHeadModel gpt2 -> {
                        if (input.length == 0) {
                            throw new IllegalArgumentException("the prompt encodes to no tokens");
                        }
                        SpecialTokens s = tok.specialTokens();
                        int stop = s.eos().map(SpecialTokens.Token::id).orElse(-1);
                        generated = gpt2.generate(input, options, stop);
                        int[] all = Arrays.copyOf(input, input.length + generated.length);
                        System.arraycopy(generated, 0, all, input.length, generated.length);
                        text = tok.decode(all, true);
                    }
                    case T5ForConditionalGeneration t5 -> {
                        generated = t5.generate(input, options);
                        text = tok.decode(generated, true);
                    }
                    default -> throw new IllegalArgumentException(dir + ": generate needs a gpt2 or t5 model, this "
                            + "is " + model.family() + " (" + model.architecture() + ")");
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println(text);
                if (ids) {
                    out.println(Arrays.stream(generated).mapToObj(Integer::toString)
                            .collect(Collectors.joining(", ", "[", "]")));
                }
            }
        }
        return 0;
    }
}
