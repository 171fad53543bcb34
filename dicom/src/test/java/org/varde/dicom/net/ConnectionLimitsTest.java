package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections count from TCP accept: pending limits, ARTIM from accept, aborts decided from a PDU header. */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {
    /** PS3.8 9.3.8: A-ABORT, source service provider (2), reason unexpected PDU (2). */
    private static final byte[] ABORT_UNEXPECTED_PDU = {7, 0, 0, 0, 0, 4, 0, 0, 2, 2};

    @TempDir
    Path received;
    private DicomServer server;
    private int port;

    private void listen(Vertx vertx, long artimMillis, int maxPending, int maxPendingPerHost) throws Exception {
        DicomServerOptions options = new DicomServerOptions("VARDE", "127.0.0.1", 0, 8, List.of(CallerRule.ANY), Set.of(),
                Set.of(), 16384, artimMillis, 60_000, maxPending, maxPendingPerHost);
        server = DicomServer.create(vertx, options, new FileStoreHandler(vertx, received), null);
        port = Await.result(server.listen());
    }

    @AfterEach
    void close() throws Exception {
        Await.result(server.close());
    }

    @Test
    void connectionsBeyondThePerHostLimitAreClosedAtOnceWhileOtherHostsAreServed(Vertx vertx) throws Exception {
        listen(vertx, 60_000, 10, 3);
        List<RawPeer> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                idle.add(new RawPeer(port, "127.0.0.2"));
            }
            Await.until(() -> server.pendingConnections() == 3, Duration.ofSeconds(10), "3 pending connections");
            try (RawPeer fourth = new RawPeer(port, "127.0.0.2")) {
                assertTrue(fourth.closedByPeer(), "closed at accept, not after ARTIM (60 s)");
            }
            assertEquals(1, server.refusedConnections());
            try (RawPeer other = new RawPeer(port, "127.0.0.3")) {
                other.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
            }
            idle.remove(0).close();
            Await.until(() -> server.pendingConnections() == 2, Duration.ofSeconds(10), "a closed one to be released");
            try (RawPeer again = new RawPeer(port, "127.0.0.2")) {
                again.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
            }
        } finally {
            for (RawPeer peer : idle) {
                peer.close();
            }
        }
        Await.until(() -> server.pendingConnections() == 0, Duration.ofSeconds(10), "nothing pending");
    }

    @Test
    void connectionsBeyondTheGlobalLimitAreClosedAtOnce(Vertx vertx) throws Exception {
        listen(vertx, 60_000, 4, 2);
        List<RawPeer> idle = new ArrayList<>();
        try {
            for (String host : new String[] {"127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3"}) {
                idle.add(new RawPeer(port, host));
            }
            Await.until(() -> server.pendingConnections() == 4, Duration.ofSeconds(10), "4 pending connections");
            try (RawPeer fifth = new RawPeer(port, "127.0.0.4")) {
                assertTrue(fifth.closedByPeer());
            }
        } finally {
            for (RawPeer peer : idle) {
                peer.close();
            }
        }
    }

    @Test
    void artimRunsFromAcceptAndFreesThePendingSlot(Vertx vertx) throws Exception {
        listen(vertx, 500, 10, 1);
        try (RawPeer silent = new RawPeer(port, "127.0.0.2")) {
            // PS3.8 9.1.5: ARTIM expires in Sta2 and AA-2 closes without a PDU
            assertNull(silent.readPdu());
        }
        Await.until(() -> server.pendingConnections() == 0, Duration.ofSeconds(10), "the slot to be free");
        try (RawPeer next = new RawPeer(port, "127.0.0.2")) {
            next.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
        }
    }

    @Test
    void pDataBeforeAssociationIsAbortedFromItsHeaderWithoutWaitingForTheBody(Vertx vertx) throws Exception {
        listen(vertx, 60_000, 10, 5);
        try (RawPeer peer = new RawPeer(port)) {
            // a P-DATA-TF header announcing 16000 bytes, and not one of them sent: with ARTIM at 60 s
            // and the peer's read timeout at 15 s, only an abort from the header answers in time
            peer.send(new byte[] {0x04, 0, 0, 0, 0x3E, (byte) 0x80});
            assertArrayEquals(ABORT_UNEXPECTED_PDU, peer.readPdu());
        }
    }

    @Test
    void associateRequestOnAnOpenAssociationIsAbortedFromItsHeader(Vertx vertx) throws Exception {
        listen(vertx, 60_000, 10, 5);
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
            assertEquals(0, server.pendingConnections(), "associated: no longer pending");
            peer.send(new byte[] {0x01, 0, 0, 0, 0x40, 0});
            // AA-8: the A-ABORT at once; the body never came, ARTIM (60 s) would have been the only way out
            assertArrayEquals(ABORT_UNEXPECTED_PDU, peer.readPdu());
        }
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
        assertFalse(server.pendingConnections() > 0);
    }
}
