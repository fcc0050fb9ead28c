/**
 * Language models and the model families (BERT/RoBERTa, GPT-2, T5) with Hugging Face interop.
 *
 * <p>{@link dev.graft.api.model.ModelConfig} parses a {@code config.json} into the typed record of its family
 * ({@link dev.graft.api.model.bert.BertConfig}, {@link dev.graft.api.model.gpt2.Gpt2Config},
 * {@link dev.graft.api.model.t5.T5Config}), the same records the model classes are built from, and writes it
 * back with every original field. Malformed or unsupported model files are refused with a
 * {@link dev.graft.api.model.ModelFormatException} naming the file and field.
 */
package dev.graft.api.model;
