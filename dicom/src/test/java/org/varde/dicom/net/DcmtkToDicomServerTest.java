package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dcmtk's echoscu and storescu against our listener, with the received data sets compared byte for byte via dcmdump. */
@ExtendWith(VertxExtension.class)
class DcmtkToDicomServerTest {
    @TempDir
    static Path images;
    private static TestImages files;

    @TempDir
    Path received;
    private FileStoreHandler handler;
    private DicomServer server;
    private int port;

    @BeforeAll
    static void makeImages() throws Exception {
        files = TestImages.create(images, 256, 7);
    }

    @BeforeEach
    void listen(Vertx vertx) throws Exception {
        handler = new FileStoreHandler(vertx, received);
        server = DicomServer.create(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), handler, null);
        port = Await.result(server.listen());
    }

    @AfterEach
    void close() throws Exception {
        Await.result(server.close());
    }

    @Test
    void echoscuIsAnswered() throws Exception {
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.exitCode(), r.output());
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
    }

    @Test
    void storescuImplicitLittleEndianArrivesUnchanged() throws Exception {
        assertStoredUnchanged(files.implicitLe, TestImages.IMPLICIT_LE, "-xi");
    }

    @Test
    void storescuExplicitLittleEndianArrivesUnchanged() throws Exception {
        assertStoredUnchanged(files.explicitLe, TestImages.EXPLICIT_LE, "-xe");
    }

    @Test
    void storescuJpegBaselineArrivesUnchangedAndStaysCompressed() throws Exception {
        assertStoredUnchanged(files.jpegBaseline, TestImages.JPEG_BASELINE, "-xy");
    }

    @Test
    void storescuWithSmallPdusIsReassembledFromManyFragments() throws Exception {
        // PS3.8 D.1: storescu must fragment to our announced max; 4096 forces several PDVs per data set
        Dcmtk.Result r = Dcmtk.run(60, "storescu", "-R", "-xe", "--max-send-pdu", "4096", "-aec", "VARDE",
                "127.0.0.1", String.valueOf(port), files.explicitLe.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(handler.fragments.get() > 10, "fragments: " + handler.fragments.get());
        assertEquals(Dcmtk.dumpWithoutMeta(files.explicitLe), Dcmtk.dumpWithoutMeta(handler.stored.get(0)));
    }

    private void assertStoredUnchanged(Path sent, String transferSyntax, String proposal) throws Exception {
        assertEquals(transferSyntax, Dcmtk.transferSyntax(sent), "test file's own transfer syntax");
        Dcmtk.Result r = Dcmtk.run(60, "storescu", "-R", proposal, "-aet", "MODALITY", "-aec", "VARDE",
                "127.0.0.1", String.valueOf(port), sent.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(1, handler.stored.size(), r.output());
        Path stored = handler.stored.get(0);
        assertEquals(transferSyntax, handler.requests.get(0).transferSyntaxUid());
        assertEquals("MODALITY", handler.requests.get(0).association().callingAeTitle());
        assertEquals(transferSyntax, Dcmtk.transferSyntax(stored));
        assertEquals(Dcmtk.dumpWithoutMeta(sent), Dcmtk.dumpWithoutMeta(stored));
        assertTrue(Files.size(stored) > 1000);
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
    }
}
