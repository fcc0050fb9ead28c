/**
 * Training loops, FLOP accounting, metrics and checkpoints.
 */
package dev.graft.api.train;
