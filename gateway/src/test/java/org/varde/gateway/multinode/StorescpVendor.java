package org.varde.gateway.multinode;

import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A vendor's DICOM receiver played by dcmtk {@code storescp} (one association at a time, verbose log):
 * which instances it holds (files are named after the SOP Instance UID, so a re-sent instance
 * replaces its file) and which instances came in each association, read from its log.
 */
public final class StorescpVendor implements AutoCloseable {
    private static final String ASSOCIATION = "Association Received";
    private static final String STORING = "storing DICOM file: ";

    private final Process process;
    private final int port;
    private final Path received;
    private final Path log;

    private StorescpVendor(Process process, int port, Path received, Path log) {
        this.process = process;
        this.port = port;
        this.received = received;
        this.log = log;
    }

    /** Starts storescp on a free loopback port and waits until it accepts connections. */
    public static StorescpVendor start(Path dir, String aeTitle) throws IOException {
        Path received = Files.createDirectories(dir.resolve("received"));
        Path log = dir.resolve("storescp.log");
        int port = freePort();
        Process process = Processes.start(List.of("storescp", "-v", "-aet", aeTitle, "-od", received.toString(),
                Integer.toString(port)), log);
        StorescpVendor vendor = new StorescpVendor(process, port, received, log);
        if (!Poll.until(Duration.ofSeconds(30), () -> !process.isAlive() || accepts(port)) || !process.isAlive()) {
            vendor.close();
            throw new IOException("storescp did not start: " + Files.readString(log));
        }
        return vendor;
    }

    public int port() {
        return port;
    }

    /** SOP Instance UIDs of the files it holds (storescp names a file {@code <modality>.<SOP Instance UID>}). */
    public Set<String> heldSopInstanceUids() throws IOException {
        Set<String> sops = new HashSet<>();
        try (Stream<Path> files = Files.list(received)) {
            files.map(f -> f.getFileName().toString()).forEach(name -> sops.add(sopOf(name)));
        }
        return sops;
    }

    /** For each association, in order, the SOP Instance UIDs stored in it. */
    public List<List<String>> associations() throws IOException {
        List<List<String>> associations = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.contains(ASSOCIATION)) {
                associations.add(new ArrayList<>());
            } else if (line.contains(STORING) && !associations.isEmpty()) {
                String path = line.substring(line.indexOf(STORING) + STORING.length()).trim();
                associations.get(associations.size() - 1).add(sopOf(Path.of(path).getFileName().toString()));
            }
        }
        return associations;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private static String sopOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(dot + 1);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
