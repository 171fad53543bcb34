package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.CertificateWatch;
import org.varde.dicom.tls.ClientAuthMode;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TestPki.Issued;
import org.varde.dicom.tls.TestTls;
import org.varde.dicom.tls.TlsContext;
import org.varde.dicom.tls.TlsSettings;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A renewed certificate is used by new connections without a restart; broken files leave the old one in force. */
@ExtendWith(VertxExtension.class)
class TlsReloadTest {
    @TempDir
    Path pkiDir;
    @TempDir
    Path received;
    private Issued ca;
    private Issued served;
    private Issued renewed;
    private TlsSettings client;
    private DicomServer server;
    private CertificateWatch watch;
    private int port;

    @BeforeEach
    void listen(Vertx vertx) throws Exception {
        TestPki pki = TestPki.in(pkiDir);
        ca = pki.ca("Hospital CA");
        served = pki.issue(ca, "varde");
        renewed = pki.issue(ca, "varde-renewed");
        client = TestTls.client(pki.issue(ca, "ct-1"), ca);
        TlsContext tls = TlsContext.load(vertx, TestTls.listener(served, ca, ClientAuthMode.REQUIRED, List.of()));
        server = DicomServer.createTls(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), tls,
                new FileStoreHandler(vertx, received), null, null);
        port = Await.result(server.listen());
        watch = new CertificateWatch(vertx, "dicom", tls, server::updateTls);
    }

    @AfterEach
    void close() throws Exception {
        watch.stop();
        Await.result(server.close());
    }

    @Test
    void aReloadServesTheReplacedCertificateToNewConnections(Vertx vertx) throws Exception {
        assertEquals(served.serial(), TestTls.serverSerial(vertx, client, port));
        TestPki.replace(served, renewed);
        Await.result(watch.reload());
        assertEquals(renewed.serial(), TestTls.serverSerial(vertx, client, port));
        assertEquals(renewed.serial(), watch.certificate().getSerialNumber());
    }

    @Test
    void replacedFilesAreNoticedWithoutBeingAsked(Vertx vertx) throws Exception {
        Await.result(watch.start(100));
        TestPki.replace(served, renewed);
        Await.until(() -> renewed.serial().equals(serialOrNull(vertx)), Duration.ofSeconds(30),
                "new connections to get the renewed certificate");
    }

    @Test
    void filesThatDoNotLoadAreRefusedAndTheCertificateInForceStays(Vertx vertx) throws Exception {
        Files.writeString(served.keyFile(), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        assertThrows(ExecutionException.class, () -> Await.result(watch.reload()));
        assertEquals(served.serial(), TestTls.serverSerial(vertx, client, port));
        assertEquals(served.serial(), watch.certificate().getSerialNumber());
    }

    private BigInteger serialOrNull(Vertx vertx) {
        try {
            return TestTls.serverSerial(vertx, client, port);
        } catch (Exception e) {
            return null;
        }
    }
}
