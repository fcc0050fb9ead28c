package dev.graft.runtime.cli.model;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft model}: inspect and run Hugging Face model directories. */
@Command(name = "model", mixinStandardHelpOptions = true,
        header = "Inspect and run Hugging Face model directories (bert, roberta, gpt2, t5).",
        subcommands = {ModelInfoCommand.class, ModelForwardCommand.class})
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
