/**
 * BERT and RoBERTa: {@link dev.graft.api.model.bert.BertConfig}, the encoder
 * {@link dev.graft.api.model.bert.BertModel}, the masked-language and sequence-classification heads, and the
 * {@code bert} and {@code roberta} {@link dev.graft.api.spi.ModelFamily model families} that read and write
 * Hugging Face directories. Module paths are Hugging Face's checkpoint keys.
 */
package dev.graft.api.model.bert;
