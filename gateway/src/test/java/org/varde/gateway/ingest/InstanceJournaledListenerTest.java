package org.varde.gateway.ingest;

import io.vertx.core.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook the study assembler hangs on (issue 9): success is answered once the instance's file is
 * durable under its name; its journal row, with the listener's part in the same transaction, is
 * committed shortly after by the journal's group commit, and then the listener hears of it, once,
 * off the event loop. A listener that fails can no longer take back an answered success: its work is
 * tried again, and the row never commits without it.
 */
class InstanceJournaledListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path tmp;
    private IngestFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private record Call(InstanceRecord record, long committedRows, boolean fileInPlace, boolean onEventLoop) {
    }

    @Test
    void listenerHearsTheInstanceOnceItsRowIsCommittedAfterSuccess() throws Exception {
        List<Call> calls = new CopyOnWriteArrayList<>();
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, record -> calls.add(
                new Call(record, committedRows(record.sopInstanceUid()),
                        fixture.spool.resolve(record.spoolPath()).toFile().isFile(), Context.isOnEventLoopThread())));
        Path source = generated().get(0);
        StoreRequest request = IngestFixture.requestFor(source);

        assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(source), 16 * 1024));
        assertTrue(fixture.spool.resolve(fixture.journal.instance(request.affectedSopInstanceUid()).orElseThrow()
                .spoolPath()).toFile().isFile(), "answered once the file is in place");

        assertTrue(Poll.until(WAIT, () -> calls.size() == 1), "the listener hears of it: " + calls);
        Call call = calls.get(0);
        assertEquals(request.affectedSopInstanceUid(), call.record().sopInstanceUid());
        assertEquals(1, call.committedRows(), "the journal row is committed before the listener hears of it");
        assertTrue(call.fileInPlace(), "the file is in place before the listener hears of it");
        assertFalse(call.onEventLoop(), "the listener runs off the event loop");
    }

    @Test
    void failingListenerDoesNotTakeBackAnAnsweredInstance() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, record -> {
            calls.add(record.sopInstanceUid());
            throw new IllegalStateException("assembler database unreachable");
        });
        Path source = generated().get(0);
        StoreRequest request = IngestFixture.requestFor(source);

        assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(source), 16 * 1024));

        assertTrue(Poll.until(WAIT, () -> calls.size() == 1), "the listener was told");
        assertEquals(1, committedRows(request.affectedSopInstanceUid()), "the row stays committed");
        assertEquals(1, fixture.journal.journaledFiles().size(), "and its file in the spool");
    }

    /**
     * A listener with a part in the journal's transaction (the study arrival): that part sees the row
     * in its own transaction, its after-commit step runs instead of journaled(), once, with the row
     * committed and the file in place.
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
                    return () -> events.add("after commit, committed rows " + committedRows(record.sopInstanceUid())
                            + ", file " + fixture.spool.resolve(record.spoolPath()).toFile().isFile());
                };
            }
        });
        Path source = generated().get(0);

        assertEquals(Status.SUCCESS, fixture.store(IngestFixture.requestFor(source), IngestFixture.dataSet(source),
                16 * 1024));

        assertTrue(Poll.until(WAIT, () -> events.size() >= 2), "both steps ran: " + events);
        assertEquals(List.of("in transaction, rows 1", "after commit, committed rows 1, file true"), events);
    }

    /**
     * The arrival cannot be recorded for a while (its database refuses): the answered instance keeps
     * its file, its row is not committed without the arrival, and both commit together once the
     * arrival can be recorded.
     */
    @Test
    void failingWorkInTheJournalTransactionIsTriedAgainAndNeverCommitsTheRowWithoutIt() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        AtomicBoolean refuse = new AtomicBoolean(true);
        List<String> after = new CopyOnWriteArrayList<>();
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT, new InstanceJournaledListener() {
            @Override
            public void journaled(InstanceRecord instance) {
            }

            @Override
            public Journal.SameTransaction<AfterCommit> inJournalTransaction() {
                return (c, record) -> {
                    if (refuse.get()) {
                        refusals.incrementAndGet();
                        throw new java.sql.SQLException("studies table unreachable");
                    }
                    return () -> after.add(record.sopInstanceUid());
                };
            }
        });
        Path source = generated().get(0);
        StoreRequest request = IngestFixture.requestFor(source);

        assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(source), 16 * 1024));
        String relative = fixture.journal.instance(request.affectedSopInstanceUid()).orElseThrow().spoolPath();

        assertTrue(Poll.until(WAIT, () -> refusals.get() >= 2), "the arrival is tried again");
        assertEquals(0, committedRows(request.affectedSopInstanceUid()), "no row without its arrival");
        assertTrue(fixture.spool.resolve(relative).toFile().isFile(), "the answered instance keeps its file");

        refuse.set(false);
        assertTrue(Poll.until(WAIT, () -> after.size() == 1), "committed once the arrival can be recorded");
        assertEquals(1, committedRows(request.affectedSopInstanceUid()));
    }

    /** Rows committed in the database, not waiting in the journal's queue. */
    private long committedRows(String sopInstanceUid) {
        try (Connection c = ((JdbcJournal) fixture.journal).dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM instances WHERE sop_instance_uid = ?")) {
            ps.setString(1, sopInstanceUid);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> generated() throws Exception {
        return StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 7, 2, 64));
    }
}
