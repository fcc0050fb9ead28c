/**
 * The plugin host: loads the jars installed in {@code GRAFT_HOME/plugins} with PF4J's {@code JarPluginManager}
 * after checking each one (descriptor, duplicate ids, per-SPI compatibility, dependencies, cycles), starts
 * them, and offers their extensions. A plugin that fails any step is reported with a clear reason and left
 * out; the host and the other plugins keep working.
 */
package dev.graft.runtime.plugin;
