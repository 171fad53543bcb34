package org.varde.gateway.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Journal rows committed off the C-STORE's answer path (issue 9). Ingest answers success once the
 * instance's file is durable under its final name (the file forced, renamed, its folder forced): the
 * spool file is the durable record, and its row can be rebuilt from it. The row (with the study
 * arrival in the same transaction) waits here and is committed by one thread in groups: every row
 * waiting when the oldest has waited {@code delay}, at most {@link #MAX_BATCH} at a time. On H2 a
 * commit writes a store chunk whatever it holds, so one commit for a group costs a fraction of one
 * per instance (docs/performance.md). A crash before the commit loses nothing: the start-up reconcile
 * journals every spool file without a row, with its arrival.
 * <p>
 * Bounded: at most {@link #CAPACITY} rows wait; a store finding it full waits for room (back-pressure
 * on the sender). While commits fail (the database unreachable), new rows are refused at once, so a
 * store is answered A700 as before and the sender retries; the rows already waiting are tried again
 * with a growing pause, and one that still fails after {@link #ATTEMPTS} tries is left to the next
 * start's reconcile (logged at ERROR with its SOP Instance UID).
 */
final class DeferredCommits {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredCommits.class);
    static final int MAX_BATCH = 256;
    static final int CAPACITY = 4096;
    static final int ATTEMPTS = 20;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;
    /** How long a reader waits for the rows queued before it; past it, it reads what is committed. */
    private static final Duration READ_WAIT = Duration.ofSeconds(30);
    /** How long closing waits for the last rows to commit. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** Commits a group; sets each record's outcome ({@code done}, {@code failure}). Called on the committer thread. */
    interface GroupCommit {
        void commit(List<JdbcJournal.WaitingRecord> batch);
    }

    private final GroupCommit group;
    private final long delayNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<JdbcJournal.WaitingRecord> queue = new ArrayDeque<>();
    /** The newest waiting row of each SOP Instance UID (a resend replaces it), for the conflict read. */
    private final Map<String, JdbcJournal.WaitingRecord> waitingBySop = new HashMap<>();
    private final Thread committer;
    private long enqueued;
    /** The lowest sequence number not yet committed (or given up); everything below it is settled. */
    private long settledBelow = 1;
    private final java.util.TreeSet<Long> unsettled = new java.util.TreeSet<>();
    private boolean flushAsked;
    private boolean closing;
    /** The last group's failure, until a group commits cleanly: new rows are refused meanwhile. */
    private JournalException failing;

    DeferredCommits(GroupCommit group, Duration delay) {
        this.group = group;
        this.delayNanos = delay.toNanos();
        this.committer = new Thread(this::run, "varde-journal-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Queues a row; blocks while {@link #CAPACITY} rows wait. */
    void add(JdbcJournal.WaitingRecord record) {
        lock.lock();
        try {
            while (queue.size() >= CAPACITY && !closing && failing == null) {
                changed.awaitUninterruptibly();
            }
            if (closing) {
                throw new JournalException("the journal is closed", null);
            }
            if (failing != null) {
                throw new JournalException("the journal cannot commit: " + failing.reason(), failing);
            }
            record.seq = ++enqueued;
            record.queuedNanos = System.nanoTime();
            unsettled.add(record.seq);
            queue.add(record);
            waitingBySop.put(record.instance.sopInstanceUid(), record);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The newest row of this SOP Instance UID still waiting for its commit. */
    Optional<InstanceRecord> waiting(String sopInstanceUid) {
        lock.lock();
        try {
            JdbcJournal.WaitingRecord r = waitingBySop.get(sopInstanceUid);
            return r == null ? Optional.empty() : Optional.of(r.instance);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Commits now what is queued and returns once every row queued before this call is committed (or
     * given up): a reader then sees every instance answered before it asked.
     */
    void awaitQueued() {
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        lock.lock();
        try {
            long target = enqueued;
            flushAsked = true;
            changed.signalAll();
            while (!settledUpTo(target) && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("journal rows still not committed after {} s; reading what is committed",
                            READ_WAIT.toSeconds());
                    return;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private boolean settledUpTo(long seq) {
        return unsettled.isEmpty() || unsettled.first() > seq;
    }

    /** Commits what is waiting, then stops the committer. */
    void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            committer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (!queue.isEmpty()) {
                LOG.error("{} journal rows not committed at close; the next start's reconcile journals them from "
                        + "their spool files", queue.size());
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<JdbcJournal.WaitingRecord> batch = nextBatch();
            if (batch == null) {
                return;
            }
            group.commit(batch);
            settle(batch);
        }
    }

    /** Waits until a group is due (the oldest waited the delay, a full group, a reader, closing); null once closed and empty. */
    private List<JdbcJournal.WaitingRecord> nextBatch() {
        lock.lock();
        try {
            while (true) {
                JdbcJournal.WaitingRecord oldest = queue.peek();
                if (oldest == null) {
                    if (closing) {
                        return null;
                    }
                    flushAsked = false;
                    changed.awaitUninterruptibly();
                    continue;
                }
                long now = System.nanoTime();
                long due = Math.max(oldest.queuedNanos + delayNanos, oldest.retryAtNanos);
                boolean retrying = oldest.retryAtNanos > now;
                if (!retrying && (closing || flushAsked || queue.size() >= MAX_BATCH || due <= now)) {
                    List<JdbcJournal.WaitingRecord> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
                    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                        batch.add(queue.poll());
                    }
                    return batch;
                }
                if (closing && retrying && oldest.attempts >= 3) {
                    // closing does not wait out a database that keeps failing: the reconcile has them
                    return null;
                }
                changed.awaitNanos(Math.max(1, due - now));
            }
        } catch (InterruptedException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Committed rows leave; failed ones go back to the head (in order) after a pause, or are given up. */
    private void settle(List<JdbcJournal.WaitingRecord> batch) {
        List<JdbcJournal.WaitingRecord> committed = new ArrayList<>(batch.size());
        List<JdbcJournal.WaitingRecord> again = new ArrayList<>();
        JournalException failure = null;
        for (JdbcJournal.WaitingRecord r : batch) {
            if (r.failure == null) {
                committed.add(r);
            } else {
                failure = r.failure;
                r.attempts++;
                if (r.attempts >= ATTEMPTS) {
                    LOG.error("journal row of SOP Instance UID {} not committed after {} attempts ({}); its spool file "
                            + "is kept and the next start's reconcile journals it", r.instance.sopInstanceUid(),
                            r.attempts, r.failure.reason());
                    committed.add(r); // settled: given up
                } else {
                    long pause = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(16, r.attempts - 1));
                    if (r.attempts == 1) {
                        LOG.warn("journal row of SOP Instance UID {} not committed, trying again: {}",
                                r.instance.sopInstanceUid(), r.failure.reason());
                    }
                    r.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
                    r.failure = null;
                    r.done = false;
                    again.add(r);
                }
            }
        }
        lock.lock();
        try {
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
            for (JdbcJournal.WaitingRecord r : committed) {
                unsettled.remove(r.seq);
                waitingBySop.remove(r.instance.sopInstanceUid(), r);
            }
            failing = again.isEmpty() ? null : failure;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (JdbcJournal.WaitingRecord r : committed) {
            if (r.attempts < ATTEMPTS) {
                r.afterCommit();
            }
        }
    }
}
