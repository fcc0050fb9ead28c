package dev.graft.runtime;

import dev.graft.runtime.cli.GraftCommand;

/** Entry point of the {@code graft} command line. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its exit code (see {@link dev.graft.runtime.cli.ExitCodes}).
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(GraftCommand.newCommandLine().execute(args));
    }
}
