package org.varde.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs peer tools (dcmtk) with TCP_NODELAY, as every dcmtk run in this project must. */
public final class Processes {
    private Processes() {
    }

    public record Result(int exitCode, String output) {
    }

    /** Starts a command with stdout and stderr going to {@code log}. */
    public static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    /** Runs a command to its end (bounded) and returns its exit code and combined output. */
    public static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "process-", ".log");
        Process process = start(command, log);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    /** {@code dcmdump} of a file without its File Meta Information: the data set as dcmtk reads it. */
    public static List<String> dumpDataSet(Path file, Path workDir) throws IOException, InterruptedException {
        Result result = run(List.of("dcmdump", "-q", file.toString()), workDir);
        if (result.exitCode() != 0) {
            throw new IOException("dcmdump failed on " + file + ": " + result.output());
        }
        return result.output().lines().filter(line -> !line.startsWith("(0002,")).toList();
    }
}
