package org.varde.dicom.net;

import org.varde.dicom.data.Tag;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.pdu.PresentationContext;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statuses the C-STORE SCP answers (PS3.4 B.2.3, PS3.7 C), seen from a raw peer. */
@ExtendWith(VertxExtension.class)
class StorageScpStatusTest {
    private static final byte[] DATA = {8, 0, 0x18, 0, 'U', 'I', 2, 0, '1', 0};
    private DicomServer server;
    private final AtomicInteger bytesWritten = new AtomicInteger();

    private int listen(Vertx vertx, CStoreHandler handler) throws Exception {
        server = DicomServer.create(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), handler, null);
        return Await.result(server.listen());
    }

    @AfterEach
    void close() throws Exception {
        Await.result(server.close());
    }

    private StoreSink sink(Future<Status> end) {
        return new StoreSink() {
            @Override
            public Future<Void> write(Buffer fragment) {
                bytesWritten.addAndGet(fragment.length());
                return Future.succeededFuture();
            }

            @Override
            public Future<Status> end() {
                return end;
            }

            @Override
            public void abort(Throwable cause) {
            }
        };
    }

    private static RawPeer storeAssociation(int port) throws Exception {
        RawPeer peer = new RawPeer(port);
        peer.associate(RawPeer.request("MODALITY", "VARDE", List.of(
                PresentationContext.offer(1, RawPeer.CT_IMAGE_STORAGE, List.of(TestImages.EXPLICIT_LE)),
                PresentationContext.offer(3, RawPeer.VERIFICATION, List.of(TestImages.IMPLICIT_LE)))));
        return peer;
    }

    private static Command store(String sopClass) {
        return Command.request(CommandField.C_STORE_RQ, 7, sopClass, true)
                .setString(Tag.AffectedSOPInstanceUID, "1.2.3.4.5");
    }

    private static Command storeAndAnswer(RawPeer peer, String sopClass) throws Exception {
        peer.sendCommand(1, store(sopClass));
        peer.sendData(1, DATA, false);
        peer.sendData(1, DATA, true);
        Command rsp = peer.readCommand();
        assertEquals(CommandField.C_STORE_RSP, rsp.commandField());
        assertEquals(7, rsp.getInt(Tag.MessageIDBeingRespondedTo, -1));
        assertEquals("1.2.3.4.5", rsp.getString(Tag.AffectedSOPInstanceUID));
        return rsp;
    }

    @Test
    void successfulStoreStreamsEveryFragmentIntoTheSink(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.succeededFuture(Status.SUCCESS)));
        try (RawPeer peer = storeAssociation(port)) {
            assertEquals(Status.SUCCESS, storeAndAnswer(peer, RawPeer.CT_IMAGE_STORAGE).status());
        }
        assertEquals(2 * DATA.length, bytesWritten.get());
    }

    @Test
    void refusedBeginDiscardsTheDataSetAndAnswersItsStatus(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> {
            throw new DimseException(new Status(0xA900), "unsafe UID");
        });
        try (RawPeer peer = storeAssociation(port)) {
            Command rsp = storeAndAnswer(peer, RawPeer.CT_IMAGE_STORAGE);
            assertEquals(0xA900, rsp.status().code());
            assertEquals("unsafe UID", rsp.getString(Tag.ErrorComment));
            // the association goes on: a C-ECHO after the refused store is answered
            peer.sendCommand(3, Command.request(CommandField.C_ECHO_RQ, 8, RawPeer.VERIFICATION, false));
            assertEquals(Status.SUCCESS, peer.readCommand().status());
        }
    }

    @Test
    void endFailingWithDimseExceptionAnswersItsStatusAndComment(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.failedFuture(
                new DimseException(Status.CANNOT_UNDERSTAND, "no pixel data"))));
        try (RawPeer peer = storeAssociation(port)) {
            Command rsp = storeAndAnswer(peer, RawPeer.CT_IMAGE_STORAGE);
            assertEquals(Status.CANNOT_UNDERSTAND, rsp.status());
            assertEquals("no pixel data", rsp.getString(Tag.ErrorComment));
        }
    }

    @Test
    void endFailingOtherwiseAnswersOutOfResources(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.failedFuture(new java.io.IOException("disk full"))));
        try (RawPeer peer = storeAssociation(port)) {
            assertEquals(Status.OUT_OF_RESOURCES, storeAndAnswer(peer, RawPeer.CT_IMAGE_STORAGE).status());
        }
    }

    @Test
    void sopClassNotMatchingTheContextIsRefused(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.succeededFuture(Status.SUCCESS)));
        try (RawPeer peer = storeAssociation(port)) {
            assertEquals(Status.SOP_CLASS_NOT_SUPPORTED, storeAndAnswer(peer, RawPeer.MR_IMAGE_STORAGE).status());
        }
        assertEquals(0, bytesWritten.get(), "a refused data set never reaches a sink");
    }

    @Test
    void invalidAffectedSopInstanceUidIsRefusedBeforeAnyHandlerSeesIt(Vertx vertx) throws Exception {
        List<String> begun = new java.util.concurrent.CopyOnWriteArrayList<>();
        int port = listen(vertx, request -> {
            begun.add(request.affectedSopInstanceUid());
            return sink(Future.succeededFuture(Status.SUCCESS));
        });
        try (RawPeer peer = storeAssociation(port)) {
            for (String invalid : new String[] {"1.2.03.4", "1." + "2".repeat(68), "1.2..3"}) {
                peer.sendCommand(1, Command.request(CommandField.C_STORE_RQ, 7, RawPeer.CT_IMAGE_STORAGE, true)
                        .setString(Tag.AffectedSOPInstanceUID, invalid));
                peer.sendData(1, DATA, true);
                Command rsp = peer.readCommand();
                assertEquals(Status.CANNOT_UNDERSTAND, rsp.status(), invalid);
                assertTrue(rsp.getString(Tag.ErrorComment).contains("not a valid UID"));
            }
        }
        assertEquals(List.of(), begun);
        assertEquals(0, bytesWritten.get());
    }

    @Test
    void unknownCommandFieldIsAnsweredUnrecognizedOperation(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.succeededFuture(Status.SUCCESS)));
        try (RawPeer peer = storeAssociation(port)) {
            peer.sendCommand(3, Command.request(0x0020, 9, RawPeer.VERIFICATION, false));
            Command rsp = peer.readCommand();
            assertEquals(0x8020, rsp.commandField());
            assertEquals(Status.UNRECOGNIZED_OPERATION, rsp.status());
            assertEquals(9, rsp.getInt(Tag.MessageIDBeingRespondedTo, -1));
        }
    }

    @Test
    void dicomClientEchoAndReleaseAgainstOurOwnListener(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.succeededFuture(Status.SUCCESS)));
        // the association is called on its own context: called from this thread, the A-RELEASE-RP could be
        // handled on the event loop before release() had moved the association to Sta7 (seen under load)
        Context context = vertx.getOrCreateContext();
        ClientAssociation association = Await.on(context, () -> DicomClient.create(vertx).open("127.0.0.1", port,
                "SCU", "VARDE", List.of(PresentationContext.offer(1, RawPeer.VERIFICATION,
                        List.of(TestImages.IMPLICIT_LE)))));
        assertEquals(Status.SUCCESS, Await.on(context, association::echo));
        Await.on(context, association::release);
        assertTrue(!Await.on(context, () -> Future.succeededFuture(association.isOpen())));
    }

    @Test
    void dicomClientSeesTheRejection(Vertx vertx) throws Exception {
        int port = listen(vertx, request -> sink(Future.succeededFuture(Status.SUCCESS)));
        Future<ClientAssociation> opened = DicomClient.create(vertx).open("127.0.0.1", port, "SCU", "NOT_VARDE",
                List.of(PresentationContext.offer(1, RawPeer.VERIFICATION, List.of(TestImages.IMPLICIT_LE))));
        Throwable failure = opened.toCompletionStage().toCompletableFuture().handle((a, t) -> t).get();
        assertTrue(failure.getCause() instanceof AssociationRejectedException
                || failure instanceof AssociationRejectedException, String.valueOf(failure));
    }

    @Test
    void nextFragmentIsNotReadUntilTheSinkHasWrittenThePrevious(Vertx vertx) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean overlapped = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        int port = listen(vertx, request -> new StoreSink() {
            private io.vertx.core.Promise<Void> previous;

            @Override
            public Future<Void> write(Buffer fragment) {
                if (previous != null && !previous.future().isComplete()) {
                    overlapped.set(true);
                }
                writes.incrementAndGet();
                io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
                previous = p;
                vertx.setTimer(30, id -> p.complete());
                return p.future();
            }

            @Override
            public Future<Status> end() {
                return Future.succeededFuture(Status.SUCCESS);
            }

            @Override
            public void abort(Throwable cause) {
            }
        });
        try (RawPeer peer = storeAssociation(port)) {
            peer.sendCommand(1, store(RawPeer.CT_IMAGE_STORAGE));
            for (int i = 0; i < 5; i++) {
                peer.sendData(1, DATA, i == 4);
            }
            assertEquals(Status.SUCCESS, peer.readCommand().status());
        }
        assertEquals(5, writes.get());
        assertTrue(!overlapped.get(), "a fragment reached the sink before the previous write completed");
    }
}
