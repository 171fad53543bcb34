package org.varde.dicom.mpps;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.dimse.MppsRequest;
import org.varde.dicom.dimse.MppsResponse;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.Await;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.NormalizedResponse;
import org.varde.dicom.net.pdu.PresentationContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our MPPS SCU against our MPPS SCP over loopback: PS3.4 F.7 as a modality drives it. */
@ExtendWith(VertxExtension.class)
class MppsScpTest {
    static final String MPPS = UID.ModalityPerformedProcedureStep;
    static final String STUDY = "1.2.826.0.1.3680043.10.543.1";
    static final String SERIES = "1.2.826.0.1.3680043.10.543.1.2";
    static final String STEP = "1.2.826.0.1.3680043.10.543.9";

    private DicomServer server;
    private Context context;
    private ClientAssociation association;
    private final InMemoryMppsHandler steps = new InMemoryMppsHandler();

    private void connect(Vertx vertx, MppsHandler handler, String transferSyntax) throws Exception {
        server = DicomServer.create(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0),
                request -> {
                    throw new DimseException(Status.OUT_OF_RESOURCES, "no storage in this test");
                }, handler, null);
        int port = Await.result(server.listen());
        context = vertx.getOrCreateContext();
        association = Await.on(context, () -> DicomClient.create(vertx).open("127.0.0.1", port, "MODALITY", "VARDE",
                List.of(PresentationContext.offer(1, MPPS, List.of(transferSyntax)),
                        PresentationContext.offer(3, UID.Verification, List.of(UID.ImplicitVRLittleEndian)))));
    }

    @AfterEach
    void close() throws Exception {
        if (association != null && association.isOpen()) {
            Await.on(context, association::release);
        }
        Await.result(server.close());
    }

    private NormalizedResponse create(String uid, Attributes attributes) throws Exception {
        return Await.on(context, () -> association.nCreate(MPPS, uid, attributes));
    }

    private NormalizedResponse set(String uid, Attributes modifications) throws Exception {
        return Await.on(context, () -> association.nSet(MPPS, uid, modifications));
    }

    /** PS3.4 F.7.2.1: what a CT sends when the first image is acquired. */
    static Attributes inProgress() {
        Attributes ds = new Attributes();
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, "P-1");
        ds.setString(Tag.StudyID, VR.SH, "S1");
        ds.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        ds.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20261128");
        ds.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "230000");
        ds.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS-1");
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.IN_PROGRESS);
        Attributes scheduled = new Attributes(ds);
        scheduled.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        scheduled.setString(Tag.AccessionNumber, VR.SH, "ACC1");
        ds.newSequence(Tag.ScheduledStepAttributesSequence).add(scheduled);
        ds.newSequence(Tag.PerformedSeriesSequence);
        return ds;
    }

    /** PS3.4 F.7.2.2: the final N-SET, referencing the series and images acquired. */
    static Attributes completed(String finalStatus, int images) {
        Attributes ds = new Attributes();
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, finalStatus);
        ds.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20261128");
        ds.setString(Tag.PerformedProcedureStepEndTime, VR.TM, "231500");
        Attributes series = new Attributes(ds);
        series.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        List<Attributes> refs = series.newSequence(Tag.ReferencedImageSequence);
        for (int i = 1; i <= images; i++) {
            Attributes ref = new Attributes(series);
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, SERIES + "." + i);
            refs.add(ref);
        }
        ds.newSequence(Tag.PerformedSeriesSequence).add(series);
        return ds;
    }

    @ParameterizedTest
    @ValueSource(strings = {UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian})
    void createInProgressThenSetCompletedReachTheHandlerWithTheirUidsAndDataSets(String transferSyntax, Vertx vertx)
            throws Exception {
        connect(vertx, steps, transferSyntax);
        NormalizedResponse created = create(STEP, inProgress());
        assertEquals(Status.SUCCESS, created.status());
        assertEquals(STEP, created.affectedSopInstanceUid());

        NormalizedResponse set = set(STEP, completed(MppsRules.COMPLETED, 3));
        assertEquals(Status.SUCCESS, set.status());
        assertEquals(STEP, set.affectedSopInstanceUid(), "PS3.7 10.3.3: the N-SET-RSP names the instance set");

        MppsRequest create = steps.creates.get(0);
        assertEquals(MPPS, create.sopClassUid());
        assertEquals(STEP, create.sopInstanceUid());
        assertFalse(create.instanceUidGenerated());
        assertEquals("MODALITY", create.association().callingAeTitle());
        assertEquals(STUDY, create.dataSet().getSequence(Tag.ScheduledStepAttributesSequence).get(0)
                .getString(Tag.StudyInstanceUID));

        MppsRequest modification = steps.sets.get(0);
        assertEquals(STEP, modification.sopInstanceUid());
        Attributes series = modification.dataSet().getSequence(Tag.PerformedSeriesSequence).get(0);
        assertEquals(SERIES, series.getString(Tag.SeriesInstanceUID));
        List<Attributes> refs = series.getSequence(Tag.ReferencedImageSequence);
        assertEquals(3, refs.size());
        assertEquals(SERIES + ".3", refs.get(2).getString(Tag.ReferencedSOPInstanceUID));

        Attributes step = steps.steps.get(STEP);
        assertEquals(MppsRules.COMPLETED, MppsRules.status(step), "the N-SET was applied to the step");
        assertEquals(STUDY, step.getSequence(Tag.ScheduledStepAttributesSequence).get(0).getString(Tag.StudyInstanceUID),
                "attributes the N-SET did not name are kept");
        assertEquals(3, step.getSequence(Tag.PerformedSeriesSequence).get(0)
                .getSequence(Tag.ReferencedImageSequence).size());
    }

    @Test
    void setOfAnUnknownInstanceIsNoSuchSopInstance(Vertx vertx) throws Exception {
        connect(vertx, steps, UID.ExplicitVRLittleEndian);
        NormalizedResponse response = set("1.2.3.4.5.6.7", completed(MppsRules.COMPLETED, 1));
        assertEquals(Status.NO_SUCH_SOP_INSTANCE, response.status());
        assertEquals(0x0112, response.status().code());
        assertTrue(steps.steps.isEmpty());
    }

    @Test
    void createWithAStatusOtherThanInProgressIsAnInvalidAttributeValue(Vertx vertx) throws Exception {
        connect(vertx, steps, UID.ExplicitVRLittleEndian);
        Attributes completedAtOnce = inProgress();
        completedAtOnce.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.COMPLETED);
        NormalizedResponse response = create(STEP, completedAtOnce);
        assertEquals(0x0106, response.status().code());
        assertNotNull(response.errorComment());

        Attributes withoutStatus = inProgress();
        withoutStatus.remove(Tag.PerformedProcedureStepStatus);
        assertEquals(0x0120, create(STEP, withoutStatus).status().code(), "Type 1 attribute missing");
        assertTrue(steps.steps.isEmpty(), "nothing was created");
    }

    @Test
    void aFinishedStepMayNoLongerBeUpdated(Vertx vertx) throws Exception {
        connect(vertx, steps, UID.ExplicitVRLittleEndian);
        assertEquals(Status.SUCCESS, create(STEP, inProgress()).status());
        assertEquals(Status.SUCCESS, set(STEP, completed(MppsRules.DISCONTINUED, 1)).status());
        NormalizedResponse again = set(STEP, completed(MppsRules.COMPLETED, 2));
        // PS3.4 F.7.2.2.4, Table F.7.2-2
        assertEquals(Status.PROCESSING_FAILURE, again.status());
        assertEquals(0xA710, again.errorId());
        assertEquals(MppsRules.NO_LONGER_UPDATABLE, again.errorComment());
        assertEquals(MppsRules.DISCONTINUED, MppsRules.status(steps.steps.get(STEP)));
        assertEquals(1, steps.steps.get(STEP).getSequence(Tag.PerformedSeriesSequence).get(0)
                .getSequence(Tag.ReferencedImageSequence).size(), "the refused N-SET changed nothing");
    }

    @Test
    void creatingTheSameInstanceTwiceIsADuplicate(Vertx vertx) throws Exception {
        connect(vertx, steps, UID.ExplicitVRLittleEndian);
        assertEquals(Status.SUCCESS, create(STEP, inProgress()).status());
        assertEquals(0x0111, create(STEP, inProgress()).status().code());
    }

    @Test
    void theScpGeneratesTheInstanceUidWhenTheScuGivesNone(Vertx vertx) throws Exception {
        connect(vertx, steps, UID.ImplicitVRLittleEndian);
        NormalizedResponse created = create(null, inProgress());
        assertEquals(Status.SUCCESS, created.status());
        String uid = created.affectedSopInstanceUid();
        assertNotNull(uid, "PS3.7 10.1.5: the SCP returns the UID it chose");
        assertTrue(UID.isSafe(uid), uid);
        assertTrue(steps.creates.get(0).instanceUidGenerated());
        assertEquals(uid, steps.creates.get(0).sopInstanceUid());
        assertEquals(Status.SUCCESS, set(uid, completed(MppsRules.COMPLETED, 1)).status(),
                "the generated UID names the step for the N-SET");
    }

    @Test
    void anOversizedDataSetIsRefusedAndTheAssociationStillServes(Vertx vertx) throws Exception {
        connect(vertx, steps, UID.ExplicitVRLittleEndian);
        Attributes huge = inProgress();
        huge.setBytes(0x00291010, VR.OB, new byte[(1 << 20) + 2]);
        NormalizedResponse response = create(STEP, huge);
        assertEquals(Status.PROCESSING_FAILURE, response.status());
        assertTrue(response.errorComment().contains("longer than"), response.errorComment());
        assertTrue(steps.creates.isEmpty(), "the handler never saw it");
        assertTrue(association.isOpen());
        assertEquals(Status.SUCCESS, Await.on(context, association::echo));
        assertEquals(Status.SUCCESS, create(STEP, inProgress()).status());
    }

    @Test
    void theHandlersAttributesAndFailuresAreAnswered(Vertx vertx) throws Exception {
        MppsHandler handler = new MppsHandler() {
            @Override
            public Future<MppsResponse> create(MppsRequest request) {
                Attributes echoed = new Attributes();
                echoed.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS-1");
                echoed.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.IN_PROGRESS);
                return Future.succeededFuture(MppsResponse.success(echoed));
            }

            @Override
            public Future<MppsResponse> set(MppsRequest request) {
                return Future.failedFuture(new IllegalStateException("database down"));
            }
        };
        connect(vertx, handler, UID.ExplicitVRLittleEndian);
        NormalizedResponse created = create(STEP, inProgress());
        assertEquals(Status.SUCCESS, created.status());
        assertNotNull(created.attributes(), "PS3.7 10.1.5: the response's attribute list");
        assertEquals("PPS-1", created.attributes().getString(Tag.PerformedProcedureStepID));
        NormalizedResponse set = set(STEP, completed(MppsRules.COMPLETED, 1));
        assertEquals(Status.PROCESSING_FAILURE, set.status());
        assertEquals(Status.SUCCESS, Await.on(context, association::echo));
    }
}
