package org.varde.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomFormatException;
import org.varde.dicom.data.DataSetLimitException;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.OwningStoreSink;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.spool.SpoolSpaceException;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One C-STORE on its way into the spool. The File Meta Information goes first, then the data set
 * fragments exactly as received, into a temporary file; at the end the header is parsed and checked
 * against the command, the file is forced to disk, renamed into place and journaled, and only then
 * is success answered. Any failure deletes the temporary file and answers an error status.
 * <p>
 * Fragments arrive as PDVs (16 KiB to 1 MiB, as the sender chooses); they are gathered by reference,
 * not copied, into chunks of up to {@link #CHUNK} bytes (with direct writes sooner, when the worker has
 * nothing of this instance to write: {@link #EARLY_CHUNK}) and each chunk is written on a worker thread in one
 * gathering write, so an instance costs a few thread hand-overs instead of one per PDV; the writes
 * and the final store queue in one {@link SerialWork}, so the store follows the last write on the
 * worker thread without a detour through the event loop. Memory per
 * instance stays bounded: one chunk being written, one being gathered (each at most CHUNK plus one
 * PDU), plus the header capture.
 * <p>
 * The fragments are the received bytes in Netty's pooled memory, not heap copies ({@link OwningStoreSink}):
 * each is owned by the chunk it is gathered in, and every chunk is released exactly once on every
 * path: after its write (or in its place when an earlier write failed), or at once when the store
 * is refused, fails or is aborted ({@link GatheredChunk#release}).
 */
final class SpoolingStoreSink implements OwningStoreSink {
    static final int CHUNK = 256 * 1024;
    /**
     * A chunk this large goes to the worker at once when nothing of this instance is being written,
     * instead of waiting for {@link #CHUNK}: with direct writes its blocks are on the disk before the
     * last byte comes, and what is left for the answer's flush stays small (docs/performance.md, step
     * 8); with fsync off the last write after the last byte stays small (step 11). Not smaller: every
     * chunk costs a hand-over to a worker thread, and at least one whole block should be in it (a
     * sender's PDVs are 16 KiB up). Not with fsync on through the page cache: there the flush writes
     * everything at the end anyway, and the extra hand-overs cost more CPU than they save.
     */
    static final int EARLY_CHUNK = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SpoolingStoreSink.class);

    /** The association's event loop: a failed chunk write is reported there. */
    private final Context context;
    private final Spool spool;
    private final Quarantine quarantine;
    private final Journal journal;
    private final GatewayMetrics metrics;
    private final StoreRequest request;
    private final SpoolFile file;
    private final HeaderCapture header;
    private final ReadLimits headerLimits;
    private final long fmiLength;
    private final InstanceJournaledListener journaled;
    private final long startedNanos = System.nanoTime();
    private GatheredChunk pending = new GatheredChunk();
    /** A chunk this large is written when the worker is idle: {@link #EARLY_CHUNK} unless a flush follows anyway. */
    private final int earlyChunk;
    /** This instance's file steps, in order, on the worker pool. */
    private final SerialWork work;
    /** The last chunk write queued; the network waits for it only when the next chunk is full. */
    private Future<Void> lastWrite = Future.succeededFuture();
    private boolean aborted;
    /** Stage breakdown: time in chunk writes (worker only, the steps never overlap), end of the store. */
    private long writeNanos;
    private volatile long storedNanos;
    /** Set (on the event loop) when a chunk write failed: the answer for the rest of this store. */
    private DimseException refused;

    SpoolingStoreSink(Vertx vertx, Spool spool, Quarantine quarantine, Journal journal, GatewayMetrics metrics,
                      StoreRequest request, int headerCaptureLimit, ReadLimits headerLimits,
                      InstanceJournaledListener journaled)
            throws DimseException {
        this.journaled = journaled;
        this.context = vertx.getOrCreateContext();
        this.spool = spool;
        this.quarantine = quarantine;
        this.journal = journal;
        this.metrics = metrics;
        this.request = request;
        this.file = new SpoolFile(spool.newTemporaryFile(), spool::requireFreeSpace, spool.fsync(), spool.slots(),
                spool.directWrites());
        this.earlyChunk = spool.fsync() && spool.directWrites() == null ? CHUNK : EARLY_CHUNK;
        this.work = new SerialWork(vertx);
        this.header = new HeaderCapture(headerCaptureLimit);
        this.headerLimits = headerLimits;
        byte[] fmi = fileMetaInformation(request);
        this.fmiLength = fmi.length;
        this.pending.add(Unpooled.wrappedBuffer(fmi));
    }

    /** PS3.10 7.1: the FMI names the command's SOP class and instance, and the sender as Source AE. */
    private static byte[] fileMetaInformation(StoreRequest request) throws DimseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            Part10.writeFileMetaInformation(out, request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                    request.transferSyntaxUid(), request.association().callingAeTitle());
        } catch (IOException | RuntimeException e) {
            throw new DimseException(Status.CANNOT_UNDERSTAND, "cannot write File Meta Information", e);
        }
        return out.toByteArray();
    }

    /** A fragment from a caller that keeps its buffer (not the association): gathered as a copy. */
    @Override
    public Future<Void> write(Buffer fragment) {
        return writeOwned(Unpooled.wrappedBuffer(fragment.getBytes()));
    }

    @Override
    public Future<Void> writeOwned(ByteBuf fragment) {
        if (pending == null) {
            // refused (too large, or the disk failed under an earlier chunk) or over: the association
            // discards the rest and answers the refusal
            fragment.release();
            return Future.failedFuture(refused != null ? refused : new IllegalStateException("store already ended"));
        }
        header.capture(fragment); // a reference to its first bytes, released after the parse or in discard()
        pending.add(fragment); // the chunk owns it from here, on every path
        if (fmiLength + header.totalBytes() > spool.maxInstanceBytes()) {
            return refuseTooLarge();
        }
        if (pending.length() < CHUNK && (pending.length() < earlyChunk || !work.idle())) {
            return Future.succeededFuture();
        }
        GatheredChunk chunk = pending;
        pending = new GatheredChunk();
        Future<Void> previous = lastWrite;
        // writes run one after the other; a failed one ends the store and the temporary file goes.
        // No listener on a write that succeeds: the event loop is not woken for it (SerialWork)
        lastWrite = work.submit(() -> {
            try {
                timedWrite(chunk, false);
            } catch (IOException | RuntimeException e) {
                context.runOnContext(v -> writeFailed(e));
                throw e;
            }
            return null;
        }, chunk::release);
        // Back-pressure with overlap: the network fills the next chunk while this one is written;
        // only a chunk still unwritten when the next is full stops the reading. A write that failed is
        // reported as ours here, whether or not the event loop ran writeFailed yet (an early chunk
        // finds the one before it done, failed or not)
        return previous.recover(e -> {
            writeFailed(e);
            return Future.failedFuture(refused != null ? refused : e);
        });
    }

    @Override
    public Future<Status> end() {
        if (refused != null) {
            return Future.failedFuture(refused);
        }
        long endNanos = System.nanoTime();
        metrics.ingestStage("receive", endNanos - startedNanos);
        GatheredChunk rest = pending;
        pending = null;
        // queued behind the chunk writes, so it follows the last one on the same worker thread
        return work.submit(() -> store(rest, endNanos), rest::release)
                .map(Status.SUCCESS)
                .onSuccess(stored -> {
                    long now = System.nanoTime();
                    metrics.ingestStage("to_event_loop", now - storedNanos);
                    metrics.instanceCommitted(now - endNanos);
                })
                .recover(this::fail);
    }

    @Override
    public void abort(Throwable cause) {
        if (aborted) {
            return;
        }
        aborted = true;
        releasePending();
        if (refused != null) {
            return; // our own write failed: already reported and discarded
        }
        LOG.info("C-STORE of {} from {} aborted after {} bytes: {}", request.affectedSopInstanceUid(),
                request.association().callingAeTitle(), header.totalBytes(), cause.toString());
        work.finallyRun(this::discard);
    }

    /**
     * The instance outgrew {@code storage.maxInstanceBytes}: A700 (PS3.4 B.2.3, refused: out of
     * resources) for this store, the partial file goes now, and the association discards the rest
     * of the data set as it arrives, never holding it.
     */
    private Future<Void> refuseTooLarge() {
        refused = new DimseException(Status.OUT_OF_RESOURCES, "instance larger than storage.maxInstanceBytes");
        releasePending();
        metrics.instanceRefused(refused.status());
        LOG.warn("C-STORE of {} from {} refused with {} after {} bytes: larger than storage.maxInstanceBytes {}",
                request.affectedSopInstanceUid(), request.association().callingAeTitle(), refused.status(),
                fmiLength + header.totalBytes(), spool.maxInstanceBytes());
        work.finallyRun(this::discard);
        return Future.failedFuture(refused);
    }

    /**
     * A chunk could not be written (a full disk, an I/O error): our failure, not the sender's, so a
     * WARN, and every later write and the end answer A700 (PS3.4 B.2.3) instead of touching the
     * file again. The sender's association goes on; the temporary file goes now.
     */
    private void writeFailed(Throwable cause) {
        if (aborted || refused != null) {
            return;
        }
        refused = asDimseException(cause);
        releasePending();
        metrics.instanceRefused(refused.status());
        LOG.warn("C-STORE of {} from {} failed with {} after {} bytes: {}", request.affectedSopInstanceUid(),
                request.association().callingAeTitle(), refused.status(), header.totalBytes(), logged(refused));
        work.finallyRun(this::discard);
    }

    /** The chunk being gathered goes back to the pool: nothing more is written for this store. */
    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private Void discard() {
        header.release();
        file.closeQuietly();
        spool.discard(file.path());
        file.releaseSlot();
        return null;
    }

    /** On the worker: one chunk written (the last: and the file made whole), its time kept for the stage breakdown. */
    private void timedWrite(GatheredChunk chunk, boolean last) throws IOException {
        long start = System.nanoTime();
        file.write(chunk);
        if (last) {
            file.complete();
        }
        writeNanos += System.nanoTime() - start;
    }

    /**
     * Blocking, on a worker thread: last chunk, parse, check, force, rename, journal queued. The checks
     * come before the force: a slot is marked complete only for an instance that passed them, so the
     * reconcile never puts in place one that was refused.
     */
    private InstanceRecord store(GatheredChunk rest, long endNanos) throws Exception {
        long start = System.nanoTime();
        metrics.ingestStage("to_worker", start - endNanos);
        timedWrite(rest, true);
        rest.release(); // back to the pool before the parse and the force, not after
        metrics.ingestStage("write", writeNanos);
        long parseStart = System.nanoTime();
        TransferSyntax ts = TransferSyntax.of(request.transferSyntaxUid());
        Attributes attributes;
        try {
            attributes = readHeader(ts);
        } finally {
            header.release(); // the kept first bytes go back to the pool: nothing reads them again
        }
        checkMatchesCommand(attributes);
        String relativePath = relativePath(attributes);
        long conflictStart = System.nanoTime();
        metrics.ingestStage("parse", conflictStart - parseStart);
        Optional<InstanceConflict> conflict = InstanceConflict.between(journal, attributes);
        metrics.ingestStage("conflict_check", System.nanoTime() - conflictStart);
        if (conflict.isPresent()) {
            quarantineConflict(conflict.get());
            return null;
        }
        long forceStart = System.nanoTime();
        // with fsync on, the tail is forced through the channel that wrote it (no reopen); what was
        // forced in steps while receiving is in "write". In a slot this one force is the only one the
        // answer waits for: the slot's name was made durable before the instance came
        file.finish(spool.fsync());
        metrics.ingestStage("force_tail", System.nanoTime() - forceStart);
        // the file's own time, so that the start-up reconcile, which reads it back, journals the same row
        Instant receivedAt = Files.getLastModifiedTime(file.path()).toInstant();
        long byteCount = fmiLength + header.totalBytes();
        InstanceRecord record = InstanceHeaders.record(attributes, ts.uid(), request.association().callingAeTitle(),
                byteCount, receivedAt, relativePath);
        Path slot = file.slot();
        // with a slot, the rename's folder is forced after the answer, before the slot's name goes
        Spool.Committed committed = slot == null
                ? spool.commit(file.path(), relativePath, true, metrics::ingestStage)
                : spool.commitNamesLater(file.path(), relativePath, metrics::ingestStage);
        long journalStart = System.nanoTime();
        try {
            // The file is durable (forced; under its name, or in its slot until the name is): it is the
            // record of this instance, and the reconcile rebuilds the row and the arrival from it after a
            // crash. So the row (with the study arrival, one transaction) is committed with others
            // shortly after the answer, off this path (issue 9, docs/performance.md).
            journalLater(record);
        } catch (RuntimeException e) {
            // refused at once (a value too long for its column, the journal closed or failing): A700,
            // and the file goes (an earlier copy returns), or the next start would journal it
            committed.undo();
            throw e;
        }
        committed.keep();
        if (slot != null) {
            spool.slots().releaseWhenDurable(slot, committed.folders());
        }
        metrics.ingestStage("journal_queue", System.nanoTime() - journalStart);
        storedNanos = System.nanoTime();
        long elapsed = storedNanos - startedNanos;
        metrics.instanceStored(request.association().callingAeTitle(), header.totalBytes(), elapsed);
        LOG.debug("stored {} from {} ({} bytes, {} ms)", relativePath, request.association().callingAeTitle(),
                byteCount, elapsed / 1_000_000);
        return record;
    }

    /**
     * Queues the row, and the listener's part in its transaction, for the journal's group commit; the
     * listener's step follows the commit on the journal's committer thread (no hand-over to a worker).
     */
    private void journalLater(InstanceRecord record) {
        Journal.SameTransaction<InstanceJournaledListener.AfterCommit> arrival = journaled.inJournalTransaction();
        long queued = System.nanoTime();
        if (arrival == null) {
            journal.recordLater(record, null, ignored -> afterJournal(record, queued, () -> journaled.journaled(record)));
        } else {
            journal.recordLater(record, arrival, step -> afterJournal(record, queued, step));
        }
    }

    /** On the committer thread: the journal's lag (queued to committed) and the listener's step. */
    private void afterJournal(InstanceRecord record, long queuedNanos, InstanceJournaledListener.AfterCommit step) {
        long committedNanos = System.nanoTime();
        metrics.ingestStage("journal_commit", committedNanos - queuedNanos);
        try {
            step.run();
        } catch (Exception e) {
            // the row and the arrival are committed; a later sweep completes the study on its deadline
            LOG.warn("after journaling {}: {}", record.sopInstanceUid(), e.toString());
        }
        metrics.ingestStage("arrival", System.nanoTime() - committedNanos);
    }

    /**
     * Keeps the new copy aside (forced to disk) and the stored one untouched, raises the alert, and
     * lets the store answer success: nothing the sender sent is lost, and a failure status would
     * only make it resend the same object forever (see docs/conformance-statement.md, "Conflicts").
     */
    private void quarantineConflict(InstanceConflict conflict) throws IOException {
        file.closeQuietly(); // not finished: the quarantine forces the copy itself
        Quarantine.Item item = quarantine.admit(file.path(), Quarantine.Reason.CONFLICT, conflict.describe(),
                request.affectedSopInstanceUid(), conflict.receivedStudyUid());
        file.releaseSlot(); // the copy's name is the quarantine's now; unmarked, the slot was never a record
        metrics.instanceConflict();
        LOG.warn("C-STORE of {} from {} conflicts with the stored instance: {}; the stored instance is kept, "
                        + "the new copy is quarantined as {} and not journaled", request.affectedSopInstanceUid(),
                request.association().callingAeTitle(), conflict.describe(), item.id());
    }

    private Attributes readHeader(TransferSyntax ts) throws DimseException, IOException {
        try (InputStream in = header.open(file.path(), fmiLength)) {
            return InstanceHeaders.read(in, ts, header.totalBytes(), headerLimits);
        } catch (DataSetLimitException e) {
            // PS3.4 B.2.3: A700 "out of resources": well-formed or not, it needs more than we grant
            throw new DimseException(Status.OUT_OF_RESOURCES, "refused: " + e.getMessage() + " (dicom.limits."
                    + settingOf(e.limit()) + ")", e);
        } catch (DicomFormatException e) {
            throw new DimseException(Status.CANNOT_UNDERSTAND, "cannot parse data set: " + e.getMessage(), e);
        }
    }

    /** The config key of each limit (docs/configuration.md, {@code dicom.limits}), for the error comment. */
    private static String settingOf(DataSetLimitException.Limit limit) {
        return switch (limit) {
            case MAX_KEPT_BYTES -> "headerBudgetBytes";
            case MAX_INFLATION_RATIO -> "maxInflationRatio";
            case MAX_INFLATED_BYTES -> "maxInflatedBytes";
        };
    }

    /** PS3.4 B.2.3: A900 when the data set's SOP class or instance differs from the command's. */
    private void checkMatchesCommand(Attributes attributes) throws DimseException {
        if (!Objects.equals(request.affectedSopInstanceUid(), attributes.getString(Tag.SOPInstanceUID))) {
            throw new DimseException(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "SOP Instance UID in the data set differs from Affected SOP Instance UID");
        }
        if (!Objects.equals(request.affectedSopClassUid(), attributes.getString(Tag.SOPClassUID))) {
            throw new DimseException(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "SOP Class UID in the data set differs from Affected SOP Class UID");
        }
    }

    /** The UIDs become folder names: refuse (C000) rather than write anything outside the spool. */
    private static String relativePath(Attributes attributes) throws DimseException {
        String study = attributes.getString(Tag.StudyInstanceUID);
        String series = attributes.getString(Tag.SeriesInstanceUID);
        if (study == null || series == null || !UID.isValid(study) || !UID.isValid(series)) {
            throw new DimseException(Status.CANNOT_UNDERSTAND, "Study or Series Instance UID missing or not a valid UID");
        }
        return Spool.relativePath(study, series, attributes.getString(Tag.SOPInstanceUID));
    }

    private Future<Status> fail(Throwable failure) {
        if (refused != null) {
            return Future.failedFuture(refused); // a chunk write failed first: reported and discarded there
        }
        DimseException answer = asDimseException(failure);
        metrics.instanceRefused(answer.status());
        LOG.warn("C-STORE of {} from {} failed with {}: {}", request.affectedSopInstanceUid(),
                request.association().callingAeTitle(), answer.status(), logged(answer));
        return work.finallyRun(this::discard).transform(ignored -> Future.failedFuture(answer));
    }

    /** The error comment, and for the free-space guard the numbers the 64-character comment has no room for. */
    private static String logged(DimseException answer) {
        return answer.getCause() instanceof SpoolSpaceException space
                ? answer.getMessage() + ": " + space.getMessage() : answer.getMessage();
    }

    /** PS3.4 B.2.3: disk and database trouble is A700 "out of resources"; the sender may retry. */
    private static DimseException asDimseException(Throwable failure) {
        if (failure instanceof DimseException dimse) {
            return dimse;
        }
        Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
        if (cause instanceof SpoolSpaceException) {
            // the error comment holds 64 characters (PS3.7 C.4.2.1.4 via LO); the numbers are in the WARN line
            return new DimseException(Status.OUT_OF_RESOURCES, "free space below minimum (storage.minFreeBytes)", cause);
        }
        return new DimseException(Status.OUT_OF_RESOURCES, "cannot store instance: " + cause.getMessage(), cause);
    }
}
