package dev.graft.runtime.plugin;

/** What became of an installed plugin when the host loaded it. */
public enum PluginState {
    /** loaded and started; its extensions are offered */
    STARTED,
    /** disabled by the user ({@code graft plugin disable}) */
    DISABLED,
    /** its API or SPI ranges exclude this host */
    INCOMPATIBLE,
    /** its jar or descriptor is unusable, its id is taken twice, or a dependency is missing or cyclic */
    INVALID,
    /** it threw while starting or while its extensions were created */
    FAILED
}
