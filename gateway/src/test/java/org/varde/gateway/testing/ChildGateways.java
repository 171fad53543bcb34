package org.varde.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Gateways run as their own JVM ({@code serve --config}, {@code -Xmx256m}), as the crash tests need (a
 * SIGKILL must hit a process, not a thread of the test's JVM) and the hostile-sender tests (the heap
 * limit and the GC log must be the gateway's alone). Every gateway (and any peer process handed to
 * {@link #track}) is ended by {@link #close()}; the API is asked on one HTTP port with one token.
 */
public final class ChildGateways implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private final int httpPort;
    private String token;

    /** @param httpPort the {@code http.port} every gateway of the test is configured with */
    public ChildGateways(int httpPort) {
        this.httpPort = httpPort;
    }

    /** The bearer token for the API ({@link CommandLineTokens#create}). */
    public void token(String token) {
        this.token = token;
    }

    /**
     * Starts a gateway on {@code config}, its output into {@code log}; returns once it answers /health.
     * {@code jvmOptions} come after the heap limit (a GC log for a test that reads the heap).
     */
    public Process start(Path config, Path log, String... jvmOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.varde.gateway.Main", "serve",
                "--config", config.toString()));
        Process gateway = track(Processes.start(command, log));
        boolean healthy = Poll.until(Duration.ofSeconds(90), () -> !gateway.isAlive() || isHealthy());
        if (!healthy || !gateway.isAlive()) {
            fail("gateway did not come up: " + Files.readString(log));
        }
        return gateway;
    }

    /** A process to end with the gateways (a sender still running when the test fails). */
    public Process track(Process process) {
        processes.add(process);
        return process;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean isHealthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
