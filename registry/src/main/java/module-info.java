/**
 * The plugin registry: the signed index format ({@code plugins.json} and its Ed25519 signature), plugin jar
 * inspection, compatibility checks, file-system and HTTP registries, publishing, and the installer that keeps
 * {@code GRAFT_HOME} consistent.
 */
module dev.graft.registry {
    requires com.google.gson;
    requires com.github.zafarkhaja.semver;
    requires java.net.http;
    requires jdk.httpserver;

    exports dev.graft.registry;
    exports dev.graft.registry.install;

    opens dev.graft.registry to com.google.gson;
    opens dev.graft.registry.install to com.google.gson;
}
