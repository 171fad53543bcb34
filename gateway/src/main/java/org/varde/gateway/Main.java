package org.varde.gateway;

import org.varde.gateway.cli.VardeCommand;
import picocli.CommandLine;

/** The {@code varde} command line: dispatches to the sub-commands in {@code cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = run(args);
        // serve keeps running on its non-daemon threads; every other command ends here
        if (exitCode != VardeCommand.KEEP_RUNNING) {
            System.exit(exitCode);
        }
    }

    /** Runs one command; returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new VardeCommand()).execute(args);
    }
}
