package org.varde.gateway.testing;

import org.varde.gateway.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** API tokens made as an administrator makes them: {@code varde token create}, whose one line of output is the secret. */
public final class CommandLineTokens {
    private CommandLineTokens() {
    }

    /** Needs the store free: before the gateway starts (embedded H2) or at any time (PostgreSQL). */
    public static String create(Path config, String name, String role) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run("token", "create", "--config", config.toString(), "--name", name, "--role", role);
        } finally {
            System.setOut(original);
        }
        if (exit != 0) {
            throw new IllegalStateException("varde token create exited " + exit);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
