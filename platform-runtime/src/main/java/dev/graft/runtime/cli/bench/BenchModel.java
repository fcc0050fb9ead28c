package dev.graft.runtime.cli.bench;

/**
 * The two reference architectures of the CPU anchor benchmark ({@code torch_gpt.py}): a GPT-2-style decoder
 * trained on next tokens and a BERT-style encoder trained on 15 % masked positions.
 */
public enum BenchModel {
    gpt, bert
}
