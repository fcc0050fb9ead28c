/**
 * Training objectives and compute accounting: the Knowledge Inheritance objective with its inheritance-rate
 * schedules and frozen teacher, and the ledger that books the engine's FLOP counts by category (student
 * forward and backward, teacher forward, growth, warm-up, recovery, the source's pre-training).
 */
package dev.graft.api.train;
