package org.varde.dicom.tls;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.net.Await;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared client side of TLS for outbound HTTP (DICOMweb, REST, FHIR): a Vert.x HttpClient configured
 * by {@link TlsContext#applyTo(HttpClientOptions)} and a JDK client with {@link TlsContext#sslContext()},
 * against an HTTPS server whose certificate a test CA issued. Verification is on: another CA and
 * another host name both fail.
 */
@ExtendWith(VertxExtension.class)
class HttpsClientTlsTest {
    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TestPki.Issued ca;
    private static TestPki.Issued wrongCa;
    private static int port;
    private static int otherHostPort;
    private static HttpServer server;
    private static HttpServer otherHost;

    @BeforeAll
    static void startHttpsServers() throws Exception {
        vertx = Vertx.vertx();
        TestPki pki = TestPki.in(dir);
        ca = pki.ca("Vendor CA");
        wrongCa = pki.ca("Other CA");
        server = https(pki.issue(ca, "dicomweb"));
        port = server.actualPort();
        otherHost = https(pki.forOtherHost(ca, "elsewhere"));
        otherHostPort = otherHost.actualPort();
    }

    private static HttpServer https(TestPki.Issued certificate) throws Exception {
        TlsContext tls = TlsContext.load(vertx, TestTls.listener(certificate, ca, ClientAuthMode.NONE, List.of()));
        return Await.result(vertx.createHttpServer(tls.applyTo(new HttpServerOptions()))
                .requestHandler(r -> r.response().end("studies")).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        Await.result(vertx.close());
    }

    private static String vertxGet(TestPki.Issued trusted, int serverPort) throws Exception {
        TlsContext tls = TlsContext.load(vertx, TestTls.client(null, trusted));
        return Await.result(vertx.createHttpClient(tls.applyTo(new HttpClientOptions()))
                .request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(serverPort)
                        .setURI("/studies"))
                .compose(r -> r.send()).compose(r -> r.body())).toString();
    }

    private static String jdkGet(TestPki.Issued trusted, int serverPort) throws Exception {
        TlsContext tls = TlsContext.load(vertx, TestTls.client(null, trusted));
        HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).sslParameters(tls.sslParameters()).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + serverPort + "/studies")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aVertxClientTrustingTheServersCaGetsAnAnswer() throws Exception {
        assertEquals("studies", vertxGet(ca, port));
    }

    @Test
    void aVertxClientTrustingAnotherCaFails() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> vertxGet(wrongCa, port));
        assertTrue(String.valueOf(e.getCause()).contains("SSLHandshakeException")
                || e.getCause() instanceof SSLHandshakeException, String.valueOf(e.getCause()));
    }

    @Test
    void aVertxClientRefusesACertificateForAnotherHost() {
        assertThrows(ExecutionException.class, () -> vertxGet(ca, otherHostPort));
    }

    @Test
    void aJdkClientWithTheSslContextGetsAnAnswerAndRefusesAnotherCaAndAnotherHost() throws Exception {
        assertEquals("studies", jdkGet(ca, port));
        assertThrows(SSLHandshakeException.class, () -> jdkGet(wrongCa, port));
        assertThrows(SSLHandshakeException.class, () -> jdkGet(ca, otherHostPort));
    }
}
