package org.varde.gateway.cli;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.Main;
import org.varde.gateway.access.TokenSecret;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code varde token create|list|revoke}: the administrator's way in, and what a gateway then accepts. */
class TokenCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createdTokenIsPrintedOnceAloneAndOpensTheApiOfAGatewayOnThatStore() throws Exception {
        Path config = Files.writeString(tmp.resolve("varde.yaml"), "storage: {dir: storage, fsync: false}\n");

        Run created = run("token", "create", "--config", config.toString(), "--name", "ris-viewer", "--role", "viewer");
        assertEquals(0, created.exit(), created.err());
        String secret = created.out().trim();
        assertEquals(1, created.out().lines().count(), "the secret alone on standard output: " + created.out());
        assertTrue(TokenSecret.looksLikeOne(secret), secret);
        assertTrue(created.err().contains("shown this once"), created.err());

        Run listed = run("token", "list", "--config", config.toString());
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("ris-viewer") && l.contains("viewer")), listed.out());
        assertFalse(listed.out().contains(secret.substring(TokenSecret.PREFIX.length())), "list never shows a secret");

        assertEquals(200, studiesStatus(config, secret));

        assertEquals(0, run("token", "revoke", "--config", config.toString(), "--name", "ris-viewer").exit());
        assertEquals(401, studiesStatus(config, secret));
        assertEquals(TokenCommand.NOT_FOUND, run("token", "revoke", "--config", config.toString(), "--name",
                "ris-viewer").exit());
    }

    @Test
    void badRoleOrNameAndATakenNameAreRefused() throws Exception {
        Path config = Files.writeString(tmp.resolve("varde.yaml"), "storage: {dir: storage, fsync: false}\n");
        String c = config.toString();

        assertEquals(VardeCommand.CONFIG_ERROR, run("token", "create", "--config", c, "--name", "x", "--role", "root").exit());
        assertEquals(VardeCommand.CONFIG_ERROR, run("token", "create", "--config", c, "--name", "../x", "--role", "admin").exit());
        assertEquals(0, run("token", "create", "--config", c, "--name", "twice", "--role", "admin").exit());
        Run again = run("token", "create", "--config", c, "--name", "twice", "--role", "admin");
        assertEquals(VardeCommand.CONFIG_ERROR, again.exit());
        assertTrue(again.err().contains("exists"), again.err());
        assertEquals("", again.out(), "no secret printed for a refused token");
    }

    @Test
    void whileAGatewayProcessHoldsTheEmbeddedDatabaseTheCommandSaysToUseTheApi() throws Exception {
        int httpPort;
        int dicomPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            httpPort = a.getLocalPort();
            dicomPort = b.getLocalPort();
        }
        Path config = Files.writeString(tmp.resolve("varde.yaml"), """
                dicom: {port: %d}
                http: {port: %d}
                storage: {dir: storage, fsync: false}
                """.formatted(dicomPort, httpPort));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // H2 lets one process hold its file; within one JVM it would share it, so the gateway runs apart
        Process gateway = Processes.start(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--config", config.toString()), tmp.resolve("gateway.log"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            assertTrue(Poll.untilIo(Duration.ofSeconds(90), () -> !gateway.isAlive() || http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200) && gateway.isAlive(),
                    Files.readString(tmp.resolve("gateway.log")));

            Run refused = run("token", "create", "--config", config.toString(), "--name", "late", "--role", "admin");

            assertEquals(1, refused.exit(), refused.err());
            assertTrue(refused.err().contains("POST /api/tokens"), refused.err());
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a gateway on the config (as serve would, on free ports), asks for the study list, stops it. */
    private static int studiesStatus(Path config, String secret) throws Exception {
        Vertx vertx = Vertx.vertx();
        GatewayConfig loaded = ConfigLoader.load(config);
        Gateway gateway = Gateway.start(vertx, loaded.withDicom(loaded.dicom().withPort(0))
                .withHttp(loaded.http().withPort(0))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/studies"))
                    .header("Authorization", "Bearer " + secret).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } finally {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
