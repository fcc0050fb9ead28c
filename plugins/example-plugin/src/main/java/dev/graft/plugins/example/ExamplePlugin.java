package dev.graft.plugins.example;

import dev.graft.api.spi.PluginLifecycle;

/** The example plugin's lifecycle: nothing to set up, present to show the {@code Plugin-Class} entry. */
public final class ExamplePlugin implements PluginLifecycle {
    /** Creates the lifecycle object; the host calls this through the manifest's {@code Plugin-Class}. */
    public ExamplePlugin() {
    }
}
