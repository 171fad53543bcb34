package org.varde.dicom.mpps;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.Await;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.CallerRule;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.PresentationContext;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The MPPS SOP class in association negotiation: accepted only with a handler, and only in the LE syntaxes. */
@ExtendWith(VertxExtension.class)
class MppsNegotiationTest {
    private static final String MPPS = UID.ModalityPerformedProcedureStep;
    private DicomServer server;
    private Context context;
    private ClientAssociation association;

    private AAssociateAC negotiate(Vertx vertx, DicomServerOptions options, MppsHandler handler,
                                   List<PresentationContext> offered) throws Exception {
        server = handler == null
                ? DicomServer.create(vertx, options, request -> {
                    throw new DimseException(Status.OUT_OF_RESOURCES, "no storage");
                }, null)
                : DicomServer.create(vertx, options, request -> {
                    throw new DimseException(Status.OUT_OF_RESOURCES, "no storage");
                }, handler, null);
        int port = Await.result(server.listen());
        context = vertx.getOrCreateContext();
        association = Await.on(context, () -> DicomClient.create(vertx).open("127.0.0.1", port, "MODALITY", "VARDE",
                offered));
        return association.acceptance();
    }

    @AfterEach
    void close() throws Exception {
        if (association != null && association.isOpen()) {
            Await.on(context, association::release);
        }
        Await.result(server.close());
    }

    private static List<PresentationContext> mppsAndEcho(List<String> mppsSyntaxes) {
        return List.of(PresentationContext.offer(1, MPPS, mppsSyntaxes),
                PresentationContext.offer(3, UID.Verification, List.of(UID.ImplicitVRLittleEndian)));
    }

    @Test
    void withoutAHandlerTheMppsContextIsRefusedAsAbstractSyntaxNotSupported(Vertx vertx) throws Exception {
        AAssociateAC ac = negotiate(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), null,
                mppsAndEcho(List.of(UID.ImplicitVRLittleEndian)));
        // PS3.8 9.3.3.2: result 3, abstract syntax not supported
        assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, ac.presentationContext(1).orElseThrow().result());
        assertEquals(PresentationContext.ACCEPTANCE, ac.presentationContext(3).orElseThrow().result());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> Await.on(context, () -> association.nCreate(MPPS, null, MppsScpTest.inProgress())));
        assertEquals("no accepted presentation context for " + MPPS, e.getCause().getMessage());
    }

    @Test
    void listingMppsAmongTheAcceptedSopClassesIsNotEnoughWithoutAHandler(Vertx vertx) throws Exception {
        DicomServerOptions defaults = DicomServerOptions.defaults("VARDE", "127.0.0.1", 0);
        DicomServerOptions listed = new DicomServerOptions("VARDE", "127.0.0.1", 0, 4, List.of(CallerRule.ANY),
                Set.of(MPPS, UID.Verification), Set.of(), defaults.maxPduLength(), defaults.artimTimeoutMillis(),
                defaults.idleTimeoutMillis());
        AAssociateAC ac = negotiate(vertx, listed, null, mppsAndEcho(List.of(UID.ImplicitVRLittleEndian)));
        assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, ac.presentationContext(1).orElseThrow().result());
    }

    @Test
    void withAHandlerMppsIsAcceptedInTheFirstOfferedLittleEndianSyntax(Vertx vertx) throws Exception {
        AAssociateAC ac = negotiate(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0),
                new InMemoryMppsHandler(), mppsAndEcho(List.of(UID.ExplicitVRBigEndian, UID.JPEGBaseline8Bit,
                        UID.DeflatedExplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
        PresentationContext mpps = ac.presentationContext(1).orElseThrow();
        assertEquals(PresentationContext.ACCEPTANCE, mpps.result());
        assertEquals(UID.ExplicitVRLittleEndian, mpps.transferSyntax());
    }

    @Test
    void mppsOfferedOnlyInOtherSyntaxesIsRefusedForTheTransferSyntax(Vertx vertx) throws Exception {
        AAssociateAC ac = negotiate(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0),
                new InMemoryMppsHandler(), mppsAndEcho(List.of(UID.ExplicitVRBigEndian, UID.JPEGBaseline8Bit)));
        assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, ac.presentationContext(1).orElseThrow().result());
    }
}
