/**
 * Language models and the model families (BERT/RoBERTa, GPT-2, T5) with Hugging Face interop.
 */
package dev.graft.api.model;
