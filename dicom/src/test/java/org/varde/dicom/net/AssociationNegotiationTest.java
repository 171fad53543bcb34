package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Implementation;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acceptance policy on the wire: the A-ASSOCIATE-RJ bytes for each reason, and the answered contexts. */
@ExtendWith(VertxExtension.class)
class AssociationNegotiationTest {
    @TempDir
    Path received;
    private DicomServer server;
    private final List<RejectReason> rejections = new CopyOnWriteArrayList<>();

    private int listen(Vertx vertx, int maxAssociations, List<CallerRule> callers, Set<String> transferSyntaxes)
            throws Exception {
        DicomServerOptions options = new DicomServerOptions("VARDE", "127.0.0.1", 0, maxAssociations, callers,
                Set.of(), transferSyntaxes, 32768, 5_000, 60_000);
        server = DicomServer.create(vertx, options, new FileStoreHandler(vertx, received), new AssociationListener() {
            @Override
            public void rejected(String callingAeTitle, String remoteHost, RejectReason reason) {
                rejections.add(reason);
            }
        });
        return Await.result(server.listen());
    }

    @AfterEach
    void close() throws Exception {
        Await.result(server.close());
    }

    /** PS3.8 9.3.4: type 03, reserved, length 4, reserved, result, source, reason. */
    private static byte[] rj(int result, int source, int reason) {
        return new byte[]{3, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason};
    }

    private static byte[] answer(int port, AAssociateRQ rq) throws Exception {
        try (RawPeer peer = new RawPeer(port)) {
            peer.send(rq);
            return peer.readPdu();
        }
    }

    @Test
    void calledAeTitleNotOursIsRejectedPermanentlyByTheUser(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.ANY), Set.of());
        assertArrayEquals(rj(1, 1, 7), answer(port, RawPeer.echoRequest("MODALITY", "SOMEONE_ELSE")));
        assertEquals(List.of(RejectReason.CALLED_AE_NOT_RECOGNIZED), rejections);
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "-aec", "SOMEONE_ELSE", "127.0.0.1", String.valueOf(port));
        assertNotEquals(0, r.exitCode(), "echoscu to a wrong called AE must fail");
    }

    @Test
    void callingAeTitleNotAllowedIsRejected(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.parse("MODALITY")), Set.of());
        assertArrayEquals(rj(1, 1, 3), answer(port, RawPeer.echoRequest("INTRUDER", "VARDE")));
        try (RawPeer peer = new RawPeer(port)) {
            peer.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
        }
    }

    /** Deny by default: no caller configured means no caller accepted, dcmtk's echoscu included. */
    @Test
    void noCallerRuleRejectsEveryCallerAsNotRecognized(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(), Set.of());
        assertArrayEquals(rj(1, 1, 3), answer(port, RawPeer.echoRequest("MODALITY", "VARDE")));
        assertEquals(List.of(RejectReason.CALLING_AE_NOT_RECOGNIZED), rejections);
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertNotEquals(0, r.exitCode(), "echoscu must be rejected");
    }

    @Test
    void callerBoundToAnotherHostIsRejected(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.parse("MODALITY@10.9.9.9")), Set.of());
        assertArrayEquals(rj(1, 1, 3), answer(port, RawPeer.echoRequest("MODALITY", "VARDE")));
        Await.result(server.close());
        int local = listen(vertx, 4, List.of(CallerRule.parse("MODALITY@127.0.0.1")), Set.of());
        try (RawPeer peer = new RawPeer(local)) {
            peer.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
        }
    }

    @Test
    void associationsBeyondTheLimitAreRejectedTransiently(Vertx vertx) throws Exception {
        int port = listen(vertx, 1, List.of(CallerRule.ANY), Set.of());
        try (RawPeer first = new RawPeer(port)) {
            first.associate(RawPeer.echoRequest("MODALITY", "VARDE"));
            assertArrayEquals(rj(2, 3, 2), answer(port, RawPeer.echoRequest("MODALITY", "VARDE")));
            assertEquals(1, server.activeAssociations());
        }
        assertEquals(List.of(RejectReason.LOCAL_LIMIT_EXCEEDED), rejections);
    }

    @Test
    void unsupportedProtocolVersionIsRejectedByTheAcse(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.ANY), Set.of());
        AAssociateRQ echo = RawPeer.echoRequest("MODALITY", "VARDE");
        AAssociateRQ version2 = new AAssociateRQ(2, echo.calledAeTitle(), echo.callingAeTitle(),
                echo.applicationContext(), echo.presentationContexts(), echo.userInformation());
        assertArrayEquals(rj(1, 2, 2), answer(port, version2));
    }

    @Test
    void unknownApplicationContextIsRejected(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.ANY), Set.of());
        AAssociateRQ echo = RawPeer.echoRequest("MODALITY", "VARDE");
        AAssociateRQ other = new AAssociateRQ(1, echo.calledAeTitle(), echo.callingAeTitle(), "1.2.3.4.5",
                echo.presentationContexts(), echo.userInformation());
        assertArrayEquals(rj(1, 1, 2), answer(port, other));
    }

    @Test
    void presentationContextsAreAnsweredPerAbstractAndTransferSyntax(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.ANY), Set.of(TestImages.EXPLICIT_LE, TestImages.IMPLICIT_LE));
        UserInformation ui = UserInformation.of(4096, "1.2.3.4", "RAWPEER").withRoleSelections(List.of(
                new UserInformation.RoleSelection(RawPeer.CT_IMAGE_STORAGE, true, true)));
        AAssociateRQ rq = AAssociateRQ.of("MODALITY", "VARDE", List.of(
                PresentationContext.offer(1, RawPeer.VERIFICATION, List.of(TestImages.IMPLICIT_LE)),
                PresentationContext.offer(3, "1.2.3.4.5.6", List.of(TestImages.IMPLICIT_LE)),
                PresentationContext.offer(5, RawPeer.CT_IMAGE_STORAGE, List.of(TestImages.JPEG_BASELINE)),
                PresentationContext.offer(7, RawPeer.CT_IMAGE_STORAGE,
                        List.of(TestImages.JPEG_BASELINE, TestImages.EXPLICIT_LE, TestImages.IMPLICIT_LE))), ui);
        try (RawPeer peer = new RawPeer(port)) {
            AAssociateAC ac = peer.associate(rq);
            List<PresentationContext> pcs = ac.presentationContexts();
            assertEquals(PresentationContext.ACCEPTANCE, pcs.get(0).result());
            assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, pcs.get(1).result());
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, pcs.get(2).result());
            assertTrue(pcs.get(3).isAccepted());
            assertEquals(TestImages.EXPLICIT_LE, pcs.get(3).transferSyntax(), "first offered that we accept");
            assertEquals(32768, ac.userInformation().maxPduLength());
            assertEquals(Implementation.CLASS_UID, ac.userInformation().implementationClassUid());
            assertEquals(Implementation.VERSION_NAME, ac.userInformation().implementationVersionNameOrNull());
            UserInformation.RoleSelection role = ac.userInformation().roleSelections().get(0);
            assertTrue(role.scuRole());
            assertFalse(role.scpRole());
        }
    }

    @Test
    void invalidOrUnknownUidsAreRefusedPerContextWithTheirPs38Reason(Vertx vertx) throws Exception {
        int port = listen(vertx, 4, List.of(CallerRule.ANY), Set.of());
        String seventyCharacters = "1.2.840.10008.1.2.1." + "1".repeat(50);
        AAssociateRQ rq = RawPeer.request("MODALITY", "VARDE", List.of(
                PresentationContext.offer(1, RawPeer.CT_IMAGE_STORAGE, List.of(seventyCharacters)),
                PresentationContext.offer(3, RawPeer.CT_IMAGE_STORAGE, List.of("1.2.840.10008.1.2.01")),
                PresentationContext.offer(5, RawPeer.CT_IMAGE_STORAGE, List.of("1.2.840.10008.1.2.4.999")),
                PresentationContext.offer(7, "1.2.840.10008.5.1.4.1.1.02", List.of(TestImages.EXPLICIT_LE)),
                PresentationContext.offer(9, RawPeer.CT_IMAGE_STORAGE, List.of(seventyCharacters, TestImages.EXPLICIT_LE))));
        try (RawPeer peer = new RawPeer(port)) {
            List<PresentationContext> pcs = peer.associate(rq).presentationContexts();
            // PS3.8 9.3.3.2: reason 4 "transfer syntaxes not supported", reason 3 "abstract syntax not supported"
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, pcs.get(0).result(), "70 characters");
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, pcs.get(1).result(), "leading zero");
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, pcs.get(2).result(), "not in PS3.6");
            assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, pcs.get(3).result(), "leading zero");
            assertTrue(pcs.get(4).isAccepted());
            assertEquals(TestImages.EXPLICIT_LE, pcs.get(4).transferSyntax(), "the invalid one is skipped");
            for (PresentationContext pc : pcs) {
                assertTrue(pc.transferSyntax().length() <= 64, "no invalid UID echoed: " + pc.transferSyntax());
            }
        }
    }
}
