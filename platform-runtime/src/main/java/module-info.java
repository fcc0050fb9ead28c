/** The Graft host: command line, plugin host, run records and reports, and the fast CPU backend. */
module dev.graft.runtime {
    requires dev.graft.api;
    requires dev.graft.registry;
    requires dev.graft.cuda;
    requires info.picocli;
    requires com.google.gson;
    requires org.pf4j;
    requires com.github.zafarkhaja.semver;
    requires me.tongfei.progressbar;
    requires xchart;
    requires java.desktop;

    exports dev.graft.runtime.cli;
    exports dev.graft.runtime.cli.bench;
    exports dev.graft.runtime.cli.model;
    exports dev.graft.runtime.cli.grow;
    exports dev.graft.runtime.cli.quickstart;
    exports dev.graft.runtime.plugin;
    exports dev.graft.runtime.run;
    exports dev.graft.runtime.cpu;

    opens dev.graft.runtime.cli to info.picocli;
    opens dev.graft.runtime.cli.bench to info.picocli;
    opens dev.graft.runtime.cli.model to info.picocli;
    opens dev.graft.runtime.cli.grow to info.picocli;
    opens dev.graft.runtime.cli.quickstart to info.picocli;
    opens dev.graft.runtime.run to com.google.gson;

    uses dev.graft.api.tensor.ComputeBackend;

    provides dev.graft.api.tensor.ComputeBackend with dev.graft.runtime.cpu.CpuBackend;
}
