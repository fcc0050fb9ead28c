package dev.graft.runtime.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the host version, the Java runtime and the operating system. */
public final class GraftVersion implements IVersionProvider {
    /** The host version, kept in step with the Maven project version. */
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {
                "graft " + VERSION,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        };
    }
}
