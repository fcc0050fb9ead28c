package dev.graft.plugins.ki;

import dev.graft.api.spi.PluginLifecycle;

/** The Knowledge Inheritance plugin's lifecycle: nothing to set up; the host creates it through {@code Plugin-Class}. */
public final class KiPlugin implements PluginLifecycle {
    /** Creates the lifecycle object. */
    public KiPlugin() {
    }
}
