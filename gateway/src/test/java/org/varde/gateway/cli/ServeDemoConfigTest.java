package org.varde.gateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.varde.gateway.access.DemoToken;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo token opens only {@code ./varde demo}: a gateway served on the shipped demo config, the
 * way {@code serve --config config/demo.yaml} starts one, refuses it and says so at ERROR.
 */
class ServeDemoConfigTest {
    @TempDir
    Path tmp;

    @Test
    void gatewayServedOnTheDemoConfigRefusesTheDemoTokenWithAnErrorLog() throws Exception {
        GatewayConfig demo = ConfigLoader.load(DemoCommandTest.demoConfig()).withStorageDir(tmp);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger authenticator = (Logger) LoggerFactory.getLogger("org.varde.gateway.api.Authenticator");
        log.start();
        authenticator.addAppender(log);
        // what ServeCommand runs, on free ports
        try (RunningGateway running = RunningGateway.start(demo.withDicom(demo.dicom().withPort(0))
                .withHttp(demo.http().withPort(0)))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + running.gateway().httpPort() + "/api/studies"))
                    .header("Authorization", "Bearer " + DemoToken.SECRET).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(401, response.statusCode(), response.body());
            assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().contains("accepted only by ./varde demo")), log.list.toString());
        } finally {
            authenticator.detachAppender(log);
        }
    }
}
