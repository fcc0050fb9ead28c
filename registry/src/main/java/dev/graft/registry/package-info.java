/**
 * The registry's formats and checks: {@link dev.graft.registry.PluginIndex} ({@code plugins.json}) with its
 * detached Ed25519 signature ({@link dev.graft.registry.Ed25519}), plugin jar inspection without loading classes
 * ({@link dev.graft.registry.PluginJars}), compatibility against a host ({@link dev.graft.registry.HostProfile}),
 * registry sources on a directory or over HTTP ({@link dev.graft.registry.RegistrySource}), a loopback HTTP
 * server ({@link dev.graft.registry.RegistryServer}) and publishing ({@link dev.graft.registry.Publisher}).
 */
package dev.graft.registry;
