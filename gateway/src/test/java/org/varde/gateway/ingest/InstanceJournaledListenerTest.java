package org.varde.gateway.ingest;

import io.vertx.core.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook the study assembler hangs on: called once per instance, after the file is in place and
 * journaled, before success is answered, on the worker thread that journaled it (so it may run
 * JDBC without another thread hand-over); a listener that fails turns success into A700.
 */
class InstanceJournaledListenerTest {
    @TempDir
    Path tmp;
    private IngestFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private record Call(InstanceRecord record, boolean journaled, boolean fileInPlace, boolean onEventLoop) {
    }

    @Test
    void listenerHearsTheJournaledInstanceOnAWorkerBeforeSuccess() throws Exception {
        List<Call> calls = new CopyOnWriteArrayList<>();
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, record -> calls.add(
                new Call(record, fixture.journal.instance(record.sopInstanceUid()).isPresent(),
                        fixture.spool.resolve(record.spoolPath()).toFile().isFile(), Context.isOnEventLoopThread())));
        Path source = generated().get(0);
        StoreRequest request = IngestFixture.requestFor(source);

        assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(source), 16 * 1024));

        // store() returned on success: the listener was called before the answer, exactly once
        assertEquals(1, calls.size());
        Call call = calls.get(0);
        assertEquals(request.affectedSopInstanceUid(), call.record().sopInstanceUid());
        assertTrue(call.journaled(), "the journal row is committed before the listener hears of it");
        assertTrue(call.fileInPlace(), "the file is renamed into place before the listener hears of it");
        assertFalse(call.onEventLoop(), "the listener runs on the worker that journaled, never on an event loop");
    }

    @Test
    void failingListenerAnswersOutOfResources() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, record -> {
            throw new IllegalStateException("assembler database unreachable");
        });
        Path source = generated().get(0);

        DimseException refused = assertThrows(DimseException.class, () -> fixture.store(
                IngestFixture.requestFor(source), IngestFixture.dataSet(source), 16 * 1024));

        // PS3.4 B.2.3: A700, the sender may retry; the cause travels in the error comment
        assertEquals(Status.OUT_OF_RESOURCES, refused.status());
        assertTrue(refused.getMessage().contains("assembler database unreachable"), refused.getMessage());
    }

    /**
     * A listener with a part in the journal's transaction (the study assembler's arrival): that part
     * sees the row in its own transaction, its after-commit step runs instead of journaled(), once,
     * with the row committed and the file in place, before success.
     */
    @Test
    void workInTheJournalTransactionCommitsWithTheRowAndItsStepFollows() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, new InstanceJournaledListener() {
            @Override
            public void journaled(InstanceRecord instance) {
                events.add("journaled() called: the transactional path was not taken");
            }

            @Override
            public Journal.SameTransaction<AfterCommit> inJournalTransaction() {
                return (c, record) -> {
                    try (var ps = c.prepareStatement("SELECT COUNT(*) FROM instances WHERE sop_instance_uid = ?")) {
                        ps.setString(1, record.sopInstanceUid());
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            events.add("in transaction, rows " + rs.getInt(1));
                        }
                    }
                    return () -> events.add("after commit, journaled " + fixture.journal.instance(
                            record.sopInstanceUid()).isPresent() + ", file " + fixture.spool.resolve(
                            record.spoolPath()).toFile().isFile());
                };
            }
        });
        Path source = generated().get(0);

        assertEquals(Status.SUCCESS, fixture.store(IngestFixture.requestFor(source), IngestFixture.dataSet(source),
                16 * 1024));

        assertEquals(List.of("in transaction, rows 1", "after commit, journaled true, file true"), events);
    }

    /** The arrival cannot be recorded: A700, and neither the row nor the file stays (one transaction). */
    @Test
    void failingWorkInTheJournalTransactionLeavesNoRowAndNoFile() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, new InstanceJournaledListener() {
            @Override
            public void journaled(InstanceRecord instance) {
            }

            @Override
            public Journal.SameTransaction<AfterCommit> inJournalTransaction() {
                return (c, record) -> {
                    throw new java.sql.SQLException("studies table unreachable");
                };
            }
        });
        Path source = generated().get(0);
        StoreRequest request = IngestFixture.requestFor(source);

        DimseException refused = assertThrows(DimseException.class, () -> fixture.store(request,
                IngestFixture.dataSet(source), 16 * 1024));

        assertEquals(Status.OUT_OF_RESOURCES, refused.status());
        assertTrue(fixture.journal.instance(request.affectedSopInstanceUid()).isEmpty(), "no row without its arrival");
        try (var files = java.nio.file.Files.walk(fixture.spool.root())) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".dcm")).toList(),
                    "the file went with the failed transaction");
        }
    }

    private List<Path> generated() throws Exception {
        return StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 7, 2, 64));
    }
}
