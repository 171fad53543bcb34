package org.varde.gateway.cli;

import java.io.PrintStream;

/**
 * A progress bar on one line: redrawn in place ({@code \r}) on a terminal; elsewhere (a pipe, a log,
 * a test) only the finished bar is printed, so no file fills with carriage returns.
 */
final class DemoProgress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String what;
    private final int total;
    private final boolean terminal;
    private int done;

    DemoProgress(PrintStream out, String what, int total, boolean terminal) {
        this.out = out;
        this.what = what;
        this.total = Math.max(1, total);
        this.terminal = terminal;
        if (terminal) {
            draw();
        }
    }

    void advance(int n) {
        done = Math.min(total, done + n);
        if (terminal) {
            draw();
        }
    }

    void finish(String summary) {
        done = total;
        out.print((terminal ? "\r" : "") + line() + "  " + summary + System.lineSeparator());
        out.flush();
    }

    private void draw() {
        out.print("\r" + line());
        out.flush();
    }

    String line() {
        int filled = (int) ((long) WIDTH * done / total);
        return String.format("%-18s [%s%s] %3d%% (%d/%d)", what, "#".repeat(filled), ".".repeat(WIDTH - filled),
                100L * done / total, done, total);
    }
}
