/**
 * Neural-network modules with Hugging Face-compatible parameter names: Linear, Embedding, LayerNorm, RMSNorm, Dropout, attention.
 */
package dev.graft.api.nn;
