package org.varde.dicom.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs dcmtk tools as real peers; always with TCP_NODELAY=1, or Nagle's algorithm dominates. */
final class Dcmtk {
    record Result(int exitCode, String output) {
    }

    private Dcmtk() {
    }

    static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        // output to a file, not a pipe: a tool that prints more than the pipe holds would block
        // until the timeout while nobody reads
        Path out = Files.createTempFile("dcmtk-", ".out");
        try {
            Process p = startLogging(out, command);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Process startLogging(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    /** The data set as dcmdump prints it, File Meta Information (group 0002) left out. */
    static String dumpWithoutMeta(Path file) throws IOException, InterruptedException {
        Result r = run(30, "dcmdump", "-q", file.toString());
        if (r.exitCode() != 0) {
            throw new IllegalStateException("dcmdump failed on " + file + ": " + r.output());
        }
        return r.output().lines().filter(l -> !l.stripLeading().startsWith("(0002,"))
                .filter(l -> !l.startsWith("#")).filter(l -> !l.isBlank())
                .collect(Collectors.joining("\n"));
    }

    /** The transfer syntax UID recorded in a file's meta information. */
    static String transferSyntax(Path file) throws IOException, InterruptedException {
        Result r = run(30, "dcmdump", "-q", "-Un", "+P", "0002,0010", file.toString());
        String line = r.output().trim();
        int open = line.indexOf('[');
        return line.substring(open + 1, line.indexOf(']', open));
    }
}
