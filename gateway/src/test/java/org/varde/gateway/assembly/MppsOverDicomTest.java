package org.varde.gateway.assembly;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.NormalizedResponse;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.H2Database;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.assembly.Instances.ct;
import static org.varde.gateway.assembly.StudyAssemblerContract.await;
import static org.varde.gateway.assembly.StudyAssemblerContract.finalStep;
import static org.varde.gateway.assembly.StudyAssemblerContract.inProgress;

/**
 * A modality's MPPS over a real association on loopback (Varde's MPPS SCU against the DICOM server
 * with {@link MppsCompletion} as its handler), completing a study that arrived on the same database.
 */
class MppsOverDicomTest {
    private static final String STEP = Instances.ROOT + ".9.100";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
    private final CompletionRecorder routing = new CompletionRecorder();
    private Vertx vertx;
    private final Pools pools = new Pools("mpps-test");
    private JdbcJournal journal;
    private StudyAssembler assembler;
    private DicomServer server;
    private Context context;
    private ClientAssociation modality;

    @BeforeEach
    void open() {
        // not migrated here: opening the journal migrates it, as the gateway does
        String url = H2Database.inMemory("mpps");
        journal = JdbcJournal.open(new StoreSettings(url, H2Database.USER, ""));
        DataSource pool = pools.open(new TestDatabase(url, H2Database.USER));
        vertx = Vertx.vertx();
        assembler = new StudyAssembler(pool, vertx, clock, CompletionPolicy.idle(Duration.ofMinutes(10)), routing,
                StudyAssemblerContract.quiet("mpps"), new AssemblyMetrics(new SimpleMeterRegistry()));
        await(assembler.start());
        server = DicomServer.create(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), request -> {
            throw new DimseException(Status.OUT_OF_RESOURCES, "no storage in this test");
        }, new MppsCompletion(assembler), null);
        int port = await(server.listen());
        context = vertx.getOrCreateContext();
        modality = on(() -> DicomClient.create(vertx).open("127.0.0.1", port, "CT01", "VARDE",
                List.of(PresentationContext.offer(1, UID.ModalityPerformedProcedureStep,
                        List.of(UID.ExplicitVRLittleEndian)))));
    }

    @AfterEach
    void close() {
        if (modality != null && modality.isOpen()) {
            on(modality::release);
        }
        assembler.close();
        await(server.close());
        await(vertx.close());
        pools.close();
        journal.close();
    }

    private <T> T on(Supplier<Future<T>> call) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(promise));
        return await(promise.future());
    }

    @Test
    void aCompletedStepSentOverDicomCompletesTheStudyOnceItsImagesArrived() {
        NormalizedResponse created = on(() -> modality.nCreate(UID.ModalityPerformedProcedureStep, STEP,
                inProgress(1)));
        assertEquals(Status.SUCCESS, created.status());
        // the modality finishes the step before its last image is stored: the study must wait for it
        stored(ct(1, 1, 1));
        NormalizedResponse completed = on(() -> modality.nSet(UID.ModalityPerformedProcedureStep, STEP,
                finalStep(MppsRules.COMPLETED, 1, 2)));
        assertEquals(Status.SUCCESS, completed.status());
        assertEquals(StudyStatus.State.ASSEMBLING, await(assembler.status(Instances.study(1))).orElseThrow().state());

        stored(ct(1, 1, 2));
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> routing.routed.size() == 1));
        assertEquals(CompletionTrigger.MPPS_COMPLETED, routing.only().trigger());

        NormalizedResponse again = on(() -> modality.nSet(UID.ModalityPerformedProcedureStep, STEP,
                finalStep(MppsRules.DISCONTINUED, 1, 2)));
        assertEquals(Status.PROCESSING_FAILURE, again.status(), "PS3.4 F.7.2.2: a completed step is final");
        assertEquals(MppsRules.ERROR_ID_NO_LONGER_UPDATABLE, again.errorId());
        NormalizedResponse unknown = on(() -> modality.nSet(UID.ModalityPerformedProcedureStep, STEP + ".1",
                finalStep(MppsRules.COMPLETED, 1, 2)));
        assertEquals(Status.NO_SUCH_SOP_INSTANCE, unknown.status());
    }

    private void stored(org.varde.gateway.store.InstanceRecord instance) {
        journal.record(instance);
        await(assembler.instanceStored(instance));
    }
}
