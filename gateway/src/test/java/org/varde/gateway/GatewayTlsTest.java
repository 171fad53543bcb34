package org.varde.gateway;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TestPki.Issued;
import org.varde.dicom.tls.TestTls;
import org.varde.dicom.tls.TlsContext;
import org.varde.dicom.tls.TlsSettings;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Processes;
import org.varde.gateway.ui.MetricNames;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway configured with {@code dicom.tls} and {@code http.tls}: DICOM over TLS on its own port
 * beside the plain one, HTTPS for the API and probes, the certificates' expiry as a metric, and a
 * renewal picked up by the config reload without a restart.
 */
class GatewayTlsTest {

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Issued ca;
    private Issued varde;
    private Issued renewed;
    private Issued modality;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        TestPki pki = TestPki.in(tmp);
        ca = pki.ca("Hospital CA");
        varde = pki.issue(ca, "varde");
        renewed = pki.issue(ca, "varde-renewed");
        modality = pki.issue(ca, "ct-1");
        // the tls blocks as an administrator writes them, relative to the config file's folder
        GatewayConfig parsed = ConfigLoader.parse("""
                dicom:
                  tls:
                    port: 2762
                    certificate: varde.crt
                    key: varde.key
                    trustedCertificates: "Hospital CA.crt"
                    allowedPeers: ["CN=ct-1,O=Varde Test"]
                http:
                  tls:
                    certificate: varde.crt
                    key: varde.key
                """, tmp);
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"));
        GatewayConfig config = base.withDicom(base.dicom().withTls(parsed.dicom().tls().withPort(0)))
                .withHttp(base.http().withTls(parsed.http().tls(), false));
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Processes.Result echoscu(String... tls) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("echoscu", "-to", "10"));
        command.addAll(List.of(tls));
        command.addAll(List.of("-aec", "VARDE", "127.0.0.1",
                String.valueOf(tls.length == 0 ? gateway.dicomPort() : gateway.dicomTlsPort())));
        return Processes.run(command, tmp);
    }

    @Test
    void modalitiesStoreOverTlsBesideThePlainPort() throws Exception {
        Processes.Result plain = echoscu();
        assertEquals(0, plain.exitCode(), plain.output());
        Path image = StudyGenerator.generate(tmp.resolve("study"), new GeneratorOptions(StudyKind.CXR, 1, 5, 1, 64)).get(0);
        Processes.Result stored = Processes.run(List.of("storescu", "+tls", modality.keyFile().toString(),
                modality.certificateFile().toString(), "+cf", ca.certificateFile().toString(), "-aec", "VARDE",
                "127.0.0.1", String.valueOf(gateway.dicomTlsPort()), image.toString()), tmp);
        assertEquals(0, stored.exitCode(), stored.output());
        assertEquals(1, gateway.journal().studies(10).size());
    }

    @Test
    void theApiSpeaksHttpsOnlyAndReportsTheCertificatesExpiry() throws Exception {
        HttpResponse<String> health = get(ca, "/health");
        assertEquals(200, health.statusCode(), health.body());
        HttpClient plain = HttpClient.newHttpClient();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
        String metrics = get(ca, "/metrics").body();
        double expiry = varde.certificate().getNotAfter().getTime() / 1000.0;
        assertTrue(metrics.contains("varde_tls_certificate_expiry_seconds{name=\"dicom\"} " + expiry), metrics);
        assertTrue(metrics.contains("varde_tls_certificate_expiry_seconds{name=\"http\"} " + expiry), metrics);
        // the alert rules' TLS names (certificate expiry) are ones this scrape has (the rest: OperatorSurfaceTest)
        Set<String> tlsNames = MetricNames.used(Files.readString(Path.of("..", "deploy", "prometheus", "varde-alerts.yml")))
                .stream().filter(n -> n.startsWith(MetricNames.TLS_PREFIX)).collect(Collectors.toSet());
        assertFalse(tlsNames.isEmpty(), "no alert rule on the certificates' expiry");
        assertTrue(MetricNames.exported(metrics).containsAll(tlsNames), tlsNames + " not all in " + metrics);
    }

    @Test
    void aClientTrustingAnotherCaCannotReachTheApi() throws Exception {
        Issued other = TestPki.in(tmp.resolve("..")).ca("Other CA " + System.nanoTime());
        assertThrows(SSLHandshakeException.class, () -> get(other, "/health"));
    }

    @Test
    void aRenewedCertificateIsServedAfterTheConfigReload() throws Exception {
        TlsSettings client = TestTls.client(modality, ca);
        assertEquals(varde.serial(), TestTls.serverSerial(vertx, client, gateway.dicomTlsPort()));
        TestPki.replace(varde, renewed);
        gateway.reloadConfig().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(renewed.serial(), TestTls.serverSerial(vertx, client, gateway.dicomTlsPort()));
        assertEquals(renewed.serial(), httpsSerial());
        double expiry = renewed.certificate().getNotAfter().getTime() / 1000.0;
        assertTrue(get(ca, "/metrics").body().contains("varde_tls_certificate_expiry_seconds{name=\"dicom\"} " + expiry));
    }

    private BigInteger httpsSerial() throws Exception {
        return TestTls.serverSerial(vertx, TestTls.client(null, ca), gateway.httpPort());
    }

    private HttpResponse<String> get(Issued trusted, String path) throws Exception {
        TlsContext tls = TlsContext.load(vertx, TestTls.client(null, trusted));
        HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).sslParameters(tls.sslParameters()).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
