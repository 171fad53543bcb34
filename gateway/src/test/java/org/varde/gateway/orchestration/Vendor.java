package org.varde.gateway.orchestration;

import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An algorithm vendor's DICOM receiver: dcmtk storescp on a loopback port, writing into its own folder. */
final class Vendor implements AutoCloseable {
    final String aeTitle;
    final int port;
    final Path received;
    private final Path workDir;
    private Process process;

    Vendor(String aeTitle, Path workDir) throws IOException {
        this.aeTitle = aeTitle;
        this.port = freePort();
        this.workDir = workDir;
        this.received = Files.createDirectories(workDir.resolve("received-" + aeTitle));
    }

    /** Starts storescp and waits until it answers a C-ECHO. */
    Vendor start() throws IOException {
        process = Processes.start(List.of("storescp", "-aet", aeTitle, "-od", received.toString(),
                String.valueOf(port)), workDir.resolve("storescp-" + aeTitle + ".log"));
        boolean up = Poll.untilIo(Duration.ofSeconds(20), () -> Processes.run(List.of("echoscu", "-aec", aeTitle,
                "127.0.0.1", String.valueOf(port)), workDir).exitCode() == 0);
        if (!up) {
            throw new IOException("storescp " + aeTitle + " did not answer C-ECHO on port " + port);
        }
        return this;
    }

    /** SOP Instance UIDs of the files storescp wrote (it names a file after its instance, so a resend overwrites). */
    Set<String> sopInstanceUids() throws IOException {
        Set<String> uids = new HashSet<>();
        try (Stream<Path> files = Files.list(received)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                uids.add(DicomFiles.header(file).getString(org.varde.dicom.data.Tag.SOPInstanceUID));
            }
        }
        return uids;
    }

    long fileCount() throws IOException {
        try (Stream<Path> files = Files.list(received)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
