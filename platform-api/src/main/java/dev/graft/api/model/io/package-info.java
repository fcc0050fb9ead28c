/**
 * Model file input and output: the safetensors reader ({@link dev.graft.api.model.io.SafetensorsFile},
 * memory-mapped, lazy) and writer ({@link dev.graft.api.model.io.SafetensorsWriter}), and atomic file writes
 * ({@link dev.graft.api.model.io.AtomicFiles}). Every malformed input is refused with a
 * {@link dev.graft.api.model.ModelFormatException} naming the file and the problem.
 */
package dev.graft.api.model.io;
