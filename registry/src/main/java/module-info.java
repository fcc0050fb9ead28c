/** The plugin registry: signed index, verification and the installer. */
module dev.graft.registry {
    requires com.google.gson;
}
