/** The Graft host: command line, plugin host, reports and the fast CPU backend. */
module dev.graft.runtime {
    requires dev.graft.api;
    requires dev.graft.registry;
    requires info.picocli;
    requires com.google.gson;

    exports dev.graft.runtime.cli;
    exports dev.graft.runtime.cli.bench;

    opens dev.graft.runtime.cli to info.picocli;
    opens dev.graft.runtime.cli.bench to info.picocli;
}
