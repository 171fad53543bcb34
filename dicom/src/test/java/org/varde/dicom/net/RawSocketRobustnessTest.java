package org.varde.dicom.net;

import org.varde.dicom.data.Tag;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and hostile input on raw sockets: each ends its own association with A-ABORT (or a
 * closed connection) and the listener goes on serving others, as a following echoscu proves.
 */
@ExtendWith(VertxExtension.class)
class RawSocketRobustnessTest {
    /** PS3.8 9.3.8: A-ABORT, service-provider source (2), reason 1 unrecognized PDU. */
    private static final byte[] ABORT_UNRECOGNIZED_PDU = {7, 0, 0, 0, 0, 4, 0, 0, 2, 1};
    /** PS3.8 9.3.8: A-ABORT, service-provider source (2), reason 6 invalid PDU parameter value. */
    private static final byte[] ABORT_INVALID_PARAMETER = {7, 0, 0, 0, 0, 4, 0, 0, 2, 6};
    /** PS3.8 9.3.8: A-ABORT, service-provider source (2), reason 2 unexpected PDU. */
    private static final byte[] ABORT_UNEXPECTED_PDU = {7, 0, 0, 0, 0, 4, 0, 0, 2, 2};

    @TempDir
    Path received;
    private DicomServer server;
    private FileStoreHandler handler;
    private final List<String> aborts = new CopyOnWriteArrayList<>();
    private int port;

    @BeforeEach
    void listen(Vertx vertx) throws Exception {
        handler = new FileStoreHandler(vertx, received);
        DicomServerOptions options = new DicomServerOptions("VARDE", "127.0.0.1", 0, 8, List.of(CallerRule.ANY), Set.of(),
                Set.of(), 16384, 1_000, 1_500);
        server = DicomServer.create(vertx, options, handler, new AssociationListener() {
            @Override
            public void aborted(AssociationInfo association, String remoteHost, String why) {
                aborts.add(why);
            }
        });
        port = Await.result(server.listen());
    }

    @AfterEach
    void close() throws Exception {
        Await.result(server.close());
    }

    @Test
    void wrongPduTypeIsAbortedAsUnrecognized() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.send(new byte[]{0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0});
            assertArrayEquals(ABORT_UNRECOGNIZED_PDU, peer.readPdu());
            assertTrue(peer.closedByPeer());
        }
        assertListenerStillServes();
    }

    @Test
    void pduLengthBeyondTheMaximumIsAbortedBeforeAnythingIsAllocated() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("RAW", "VARDE"));
            peer.send(new byte[]{0x04, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertArrayEquals(ABORT_INVALID_PARAMETER, peer.readPdu());
            assertTrue(peer.closedByPeer());
        }
        assertListenerStillServes();
    }

    @Test
    void oversizedAssociateRequestIsAborted() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.send(new byte[]{0x01, 0, 0x10, 0, 0, 0});
            assertArrayEquals(ABORT_INVALID_PARAMETER, peer.readPdu());
        }
        assertListenerStillServes();
    }

    @Test
    void truncatedPduThenCloseEndsTheAssociation() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("RAW", "VARDE"));
            Await.until(() -> server.activeAssociations() == 1, Duration.ofSeconds(10), "association to be counted");
            peer.send(new byte[]{0x04, 0, 0, 0, 0x10, 0, 0, 0, 0x0F, (byte) 0xFA, 1, 3, 1, 2, 3});
        }
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
        assertListenerStillServes();
    }

    @Test
    void garbageAfterAValidAssociationIsAborted() throws Exception {
        byte[] garbage = new byte[200];
        new Random(42).nextBytes(garbage);
        garbage[0] = (byte) 0xEE;
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("RAW", "VARDE"));
            peer.send(garbage);
            assertArrayEquals(ABORT_UNRECOGNIZED_PDU, peer.readPdu());
            assertTrue(peer.closedByPeer());
        }
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
        assertEquals(1, aborts.size(), aborts.toString());
        assertListenerStillServes();
    }

    @Test
    void secondAssociateRequestOnAnOpenAssociationIsAbortedAsUnexpected() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("RAW", "VARDE"));
            peer.send(RawPeer.echoRequest("RAW", "VARDE"));
            assertArrayEquals(ABORT_UNEXPECTED_PDU, peer.readPdu());
            assertTrue(peer.closedByPeer());
        }
        assertListenerStillServes();
    }

    @Test
    void artimClosesAConnectionThatNeverAsksForAnAssociation() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            // PS3.8 9.1.5: ARTIM (1 s here) expires in Sta2; AA-2 closes without a PDU
            assertNull(peer.readPdu());
        }
        assertListenerStillServes();
    }

    @Test
    void idleAssociationIsAborted() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("RAW", "VARDE"));
            assertArrayEquals(new byte[]{7, 0, 0, 0, 0, 4, 0, 0, 0, 0}, peer.readPdu());
        }
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
    }

    @Test
    void abortInTheMiddleOfAStoreAbortsTheSink() throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.request("RAW", "VARDE", List.of(org.varde.dicom.net.pdu.PresentationContext.offer(
                    1, RawPeer.CT_IMAGE_STORAGE, List.of(TestImages.EXPLICIT_LE)))));
            peer.sendCommand(1, Command.request(CommandField.C_STORE_RQ, 1, RawPeer.CT_IMAGE_STORAGE, true)
                    .setString(Tag.AffectedSOPInstanceUID, "1.2.3.4.5"));
            peer.sendData(1, new byte[]{8, 0, 0x18, 0, 'U', 'I', 2, 0, '1', 0}, false);
            Await.until(() -> handler.fragments.get() == 1, Duration.ofSeconds(10), "first fragment");
            peer.send(new byte[]{7, 0, 0, 0, 0, 4, 0, 0, 0, 0});
            assertTrue(peer.closedByPeer());
        }
        Await.until(() -> handler.aborted.get() == 1, Duration.ofSeconds(10), "sink to be aborted");
        assertTrue(handler.stored.isEmpty());
        assertListenerStillServes();
    }

    private void assertListenerStillServes() throws Exception {
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.exitCode(), r.output());
    }
}
