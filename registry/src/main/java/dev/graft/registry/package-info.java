/** The plugin registry: signed index format, verification and the installer. */
package dev.graft.registry;
