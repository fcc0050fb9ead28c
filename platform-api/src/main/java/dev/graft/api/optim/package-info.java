/**
 * Optimizers (AdamW, SGD with momentum), learning-rate schedules and gradient clipping.
 */
package dev.graft.api.optim;
