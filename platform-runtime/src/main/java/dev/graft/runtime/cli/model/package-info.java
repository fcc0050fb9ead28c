/**
 * The command-line verbs over Hugging Face model directories: {@code graft model info}, {@code graft model
 * forward}, {@code graft tokenize}, {@code graft generate} and {@code graft fill-mask}. Models are loaded through
 * their {@link dev.graft.api.spi.ModelFamily}; the backend comes from the shared
 * {@link dev.graft.runtime.cli.BackendOption} options.
 */
package dev.graft.runtime.cli.model;
