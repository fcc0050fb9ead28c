/**
 * Tokenizers: {@link dev.graft.api.model.tokenizer.Tokenizer} runs a Hugging Face {@code tokenizer.json} with
 * Hugging Face's own implementation for exact parity, and the vocabulary trainers
 * ({@link dev.graft.api.model.tokenizer.BpeTrainer}, {@link dev.graft.api.model.tokenizer.WordPieceTrainer})
 * build new vocabularies and write them as {@code tokenizer.json}.
 */
package dev.graft.api.model.tokenizer;
