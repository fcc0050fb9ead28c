/**
 * The plugin SPIs: what a Graft plugin implements and what the host hands it.
 *
 * <p>Extension points: {@link dev.graft.api.spi.Experiment}, {@link dev.graft.api.spi.TuningMethod},
 * {@link dev.graft.api.spi.TransferStrategy}, {@link dev.graft.api.spi.Analyzer},
 * {@link dev.graft.api.spi.ModelFamily} and {@link dev.graft.api.spi.GrowthOperator}. Each carries its own
 * semantic version ({@code SPI_VERSION}); {@link dev.graft.api.spi.Spi} lists them. A plugin names the SPI
 * versions it was built for in its manifest ({@code Graft-Spi-Requires}) and the host refuses a plugin whose
 * ranges exclude its own versions.
 *
 * <p>A plugin registers an implementation the standard Java way: one line with the class name in
 * {@code META-INF/services/<SPI interface name>} inside the plugin jar. The optional lifecycle class named by
 * the manifest's {@code Plugin-Class} implements {@link dev.graft.api.spi.PluginLifecycle}.
 *
 * <p>Every extension receives a {@link dev.graft.api.spi.RunContext}: the compute backend, the seed, the output
 * directory, progress reporting, a metrics sink, an artifact and model store, and cancellation. Nothing in this
 * package refers to the host's plugin framework, so plugins compile against {@code platform-api} alone.
 */
package dev.graft.api.spi;
