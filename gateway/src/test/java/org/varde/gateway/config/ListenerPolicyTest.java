package org.varde.gateway.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.varde.gateway.Gateway;
import org.varde.gateway.testing.Processes;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calling AE titles from a config file, with dcmtk's echoscu as the caller: deny by default, listed
 * AET@host pairs accepted, and accepting anyone only when written down (with a WARN).
 */
class CallerPolicyTest {
    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ch.qos.logback.classic.Logger gatewayLogger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Gateway.class);

    @AfterEach
    void stop() throws Exception {
        gatewayLogger.detachAppender(log);
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void withNoCallerConfiguredEveryCallerIsRejected() throws Exception {
        start("dicom: {}\n");
        Processes.Result echo = echo("MODALITY");
        assertNotEquals(0, echo.exitCode(), echo.output());
        assertTrue(echo.output().contains("Calling AE Title Not Recognized"), echo.output());
        assertTrue(warned("every association is rejected"), "a WARN says so at start");
    }

    @Test
    void onlyAListedAetAtHostIsAccepted() throws Exception {
        start("dicom: {allowedCallers: [\"MODALITY@127.0.0.1\", \"ELSEWHERE@10.9.9.9\"]}\n");
        assertEquals(0, echo("MODALITY").exitCode(), "listed with this host");
        assertNotEquals(0, echo("ELSEWHERE").exitCode(), "listed, but for another host");
        assertNotEquals(0, echo("INTRUDER").exitCode(), "not listed");
    }

    @Test
    void allowAnyCallerAcceptsEveryoneAndIsWarnedAbout() throws Exception {
        start("dicom: {allowAnyCaller: true}\n");
        assertEquals(0, echo("ANYONE").exitCode());
        assertTrue(warned("dicom.allowAnyCaller is true"), "a WARN at start");
    }

    private void start(String yaml) throws Exception {
        log.start();
        gatewayLogger.addAppender(log);
        GatewayConfig loaded = ConfigLoader.parse(yaml + "storage: {dir: ./var, minFreeBytes: 0}\n", tmp);
        GatewayConfig config = loaded.withDicom(loaded.dicom().withPort(0)).withHttp(loaded.http().withPort(0));
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Processes.Result echo(String callingAe) throws Exception {
        return Processes.run(List.of("echoscu", "-v", "-aet", callingAe, "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort())), tmp);
    }

    private boolean warned(String text) {
        return log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text));
    }
}
