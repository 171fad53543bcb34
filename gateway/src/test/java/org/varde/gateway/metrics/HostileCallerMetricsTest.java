package org.varde.gateway.metrics;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Processes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real peer (dcmtk's echoscu) with a calling AE title built to break the exposition: /metrics shows other. */
class HostileCallerMetricsTest {
    private static final String HOSTILE = "X\"} 9 #EVIL";

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = Gateway.start(vertx, GatewayConfig.forTests(tmp.resolve("storage")))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void callingAeTitleOfAPeerNeverBecomesAMetricLabel() throws Exception {
        Processes.Result echo = Processes.run(List.of("echoscu", "-aet", HOSTILE, "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort())), tmp);
        assertEquals(0, echo.exitCode(), echo.output());

        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertTrue(text.contains("varde_dicom_associations_total{calling_ae=\"other\"} 1.0"), text);
        assertFalse(text.contains("EVIL"), text);
    }
}
