package org.varde.testdata.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An Orthanc of its own for one test: loopback only, no authentication, storage in a folder the test
 * owns, the DICOMweb plugin at {@code /dicom-web/}. A port found free can be taken by another process
 * before Orthanc binds it (parallel builds share the machine): Orthanc then exits, and is started
 * again on other ports.
 */
public final class LocalOrthanc implements AutoCloseable {
    public static final String AE_TITLE = "ORTHANC";
    static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int dicomPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalOrthanc(Process process, int dicomPort, int httpPort) {
        this.process = process;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
    }

    /** Whether this machine has Orthanc and its DICOMweb plugin (scripts/install-test-deps.sh installs both). */
    public static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isReadable(DICOMWEB_PLUGIN);
    }

    /** Starts Orthanc with its files under {@code work} and waits until its REST API answers. */
    public static LocalOrthanc start(Path work, Duration timeout) throws IOException {
        return start(work, timeout, "{}");
    }

    /**
     * With DICOMweb servers its client may call ({@code DicomWeb.Servers}, a JSON object such as
     * {@code {"varde": {"Url": "http://127.0.0.1:8080/dicomweb/", "HttpHeaders": {...}}}}): Orthanc as a
     * DICOMweb client, {@code POST /dicom-web/servers/<name>/stow}.
     */
    public static LocalOrthanc start(Path work, Duration timeout, String dicomWebServers) throws IOException {
        Files.createDirectories(work.resolve("storage"));
        for (int attempt = 1; ; attempt++) {
            int dicomPort = freePort();
            int httpPort = freePort();
            Path config = work.resolve("orthanc.json");
            Files.writeString(config, """
                    {"Name": "varde-test", "DicomAet": "%s", "DicomPort": %d, "HttpPort": %d,
                     "StorageDirectory": "%s", "IndexDirectory": "%s", "RemoteAccessAllowed": false,
                     "AuthenticationEnabled": false, "DicomCheckCalledAet": false, "HttpBind": "127.0.0.1",
                     "DicomBind": "127.0.0.1", "Plugins": ["%s"],
                     "DicomWeb": {"Enable": true, "Root": "/dicom-web/", "Servers": %s}}
                    """.formatted(AE_TITLE, dicomPort, httpPort, work.resolve("storage"), work.resolve("storage"),
                    DICOMWEB_PLUGIN, dicomWebServers));
            ProcessBuilder builder = new ProcessBuilder(List.of(BINARY.toString(), config.toString()))
                    .redirectErrorStream(true).redirectOutput(work.resolve("orthanc-" + attempt + ".log").toFile());
            builder.environment().put("TCP_NODELAY", "1");
            LocalOrthanc orthanc = new LocalOrthanc(builder.start(), dicomPort, httpPort);
            if (orthanc.awaitReady(timeout)) {
                return orthanc;
            }
            orthanc.close();
            if (attempt == START_ATTEMPTS) {
                throw new IOException("Orthanc did not start in " + START_ATTEMPTS + " attempts; see "
                        + work.resolve("orthanc-" + attempt + ".log"));
            }
        }
    }

    public int dicomPort() {
        return dicomPort;
    }

    /** The REST API, e.g. {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** GET on the REST or DICOMweb API: the body when the answer is 200, else null. */
    public String get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    /** GET: the body's bytes when the answer is 200, else null (a stored file, to compare byte for byte). */
    public byte[] getBytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? response.body() : null;
    }

    /** POST on the REST API: the body when the answer is 200, else null. */
    public String post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    /** POST of raw bytes (a DICOM file to {@code /instances}): the status and body. */
    public HttpResponse<String> postBytes(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Orthanc closes an idle keep-alive connection on its own clock; a request the JDK client puts on
     * such a connection just as it closes fails with "header parser received no bytes" before Orthanc
     * read it. Every request here is safe to repeat (reads, lookups, storing the same instance again),
     * so it is sent once more on a fresh connection.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            return http.send(request, body);
        }
    }

    private boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                if (get("/system", null) != null) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
