package org.varde.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of what the spool holds. Every method blocks on the database: call it from a
 * worker thread ({@code vertx.executeBlocking}), never from an event loop.
 */
public interface Journal extends AutoCloseable {
    /** Inserts the instance, or replaces the row of the same SOP Instance UID (a resend). */
    void record(InstanceRecord instance);

    /**
     * {@link #record(InstanceRecord)}, with {@code work} (another stage's rows about the same instance,
     * the study arrival) in the same transaction: one commit for both, and never one without the other.
     * The transaction is tried again (a few times) when {@code work} or the row meets a concurrent
     * change (SQLSTATE 23505 or 40001), so {@code work} must be repeatable. With group commit it may
     * run on another ingest thread, inside that thread's transaction.
     *
     * @return what {@code work} returned in the transaction that committed
     */
    <T> T record(InstanceRecord instance, SameTransaction<T> work);

    /**
     * {@link #record(InstanceRecord, SameTransaction)} off the caller's path: queued for a group commit
     * shortly after, and {@code then} is told {@code work}'s result once it committed (on the journal's
     * committer thread; a failure there is logged). For a caller whose instance is already durable on
     * its own (a spool file the start-up reconcile can journal again): a crash before the commit loses
     * nothing. Reads see queued rows: {@link #instance} at once, the lists once they are committed.
     *
     * @param work may be null: the row alone
     * @throws JournalException at once when the row cannot fit its columns, the journal is closed or its
     *                          commits are failing; nothing is queued then
     */
    <T> void recordLater(InstanceRecord instance, SameTransaction<T> work, Committed<T> then);

    /** Told what a deferred record's work returned, once its transaction committed. */
    @FunctionalInterface
    interface Committed<T> {
        void committed(T result);
    }

    /** Work done in the transaction that journals an instance. */
    @FunctionalInterface
    interface SameTransaction<T> {
        T run(Connection c, InstanceRecord instance) throws SQLException;
    }

    Optional<InstanceRecord> instance(String sopInstanceUid);

    /**
     * Every journaled instance whose image is held (not purged), by SOP Instance UID, with what the
     * start-up reconcile compares against the spool file: its path, its size and its time.
     */
    Map<String, JournaledFile> journaledFiles();

    /**
     * What a row says of its spool file. {@code receivedAt} is the file's modification time (ingest and
     * the reconcile both take it from the file, to the microsecond), so a row whose size or time
     * differs from the file's was written for an earlier copy: a resend replaced the file and its
     * row was still waiting for the group commit when the gateway stopped.
     */
    record JournaledFile(String spoolPath, long byteCount, Instant receivedAt) {
        /** Whether this row was written for a file of this size and modification time. */
        public boolean describes(long size, Instant modified) {
            return byteCount == size && modified.truncatedTo(ChronoUnit.MICROS).equals(receivedAt);
        }
    }

    /** Marks exactly these instances as missing their file, and clears the mark on all others. */
    void markFilesMissing(Collection<String> sopInstanceUids);

    /** Most recently received first. */
    List<StudySummary> studies(int limit);

    /** The instances of one study, by series then receive time; empty when the study is unknown. */
    List<InstanceRecord> instancesOfStudy(String studyInstanceUid);

    @Override
    void close();
}
