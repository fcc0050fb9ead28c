package dev.graft.plugins.bert2bert;

import dev.graft.api.spi.PluginLifecycle;

/** The bert2BERT plugin's lifecycle: nothing to set up; the host creates it through the manifest's {@code Plugin-Class}. */
public final class Bert2BertPlugin implements PluginLifecycle {
    /** Creates the lifecycle object. */
    public Bert2BertPlugin() {
    }
}
