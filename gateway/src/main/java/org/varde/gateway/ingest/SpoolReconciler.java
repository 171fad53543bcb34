package org.varde.gateway.ingest;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JournalException;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Brings the spool and the journal back into agreement at start-up, before the listener opens:
 * temporary files of interrupted stores are removed, instance files without a journal row (a crash
 * between rename and journal) are journaled from their header, and rows whose file is gone are
 * marked so the API shows them. A file it cannot read, place or journal is moved to the
 * {@link Quarantine} with its reason: one bad file must never keep the gateway from starting (it
 * used to: a row the journal refused threw out of here and {@code serve} exited), and it is kept,
 * not deleted, because nobody has looked at it yet. Blocking.
 */
public final class SpoolReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolReconciler.class);
    private static final int IDS_IN_LOG = 10;

    private final Spool spool;
    private final Journal journal;
    private final Quarantine quarantine;
    private final InstanceJournaledListener journaled;

    public SpoolReconciler(Spool spool, Journal journal, Quarantine quarantine) {
        this(spool, journal, quarantine, InstanceJournaledListener.NONE);
    }

    /**
     * @param journaled told of every file journaled here as ingest tells it (the study arrival in the
     *                  row's transaction): a file whose row a crash kept from its commit (ingest answers
     *                  before the row is committed) arrives in its study exactly as it would have
     */
    public SpoolReconciler(Spool spool, Journal journal, Quarantine quarantine, InstanceJournaledListener journaled) {
        this.spool = spool;
        this.journal = journal;
        this.quarantine = quarantine;
        this.journaled = journaled;
    }

    /**
     * @param filesQuarantined files moved to the quarantine by this run
     * @param filesLeft        files that could not even be quarantined (logged at ERROR, left in place)
     */
    /**
     * @param slotsPutInPlace complete slots (acknowledged or about to be) given their final name here
     * @param slotsRemoved    slots that held bytes and were removed: torn by the crash (never answered), or an
     *                        older copy than the one in place (unused empty slots are removed uncounted)
     */
    public record Report(int temporaryFilesRemoved, int filesRejournaled, int rowsWithoutFile, int filesQuarantined,
                         int filesLeft, int instancesInSpool, int slotsPutInPlace, int slotsRemoved) {
    }

    /** What became of one spool file without a matching row. */
    private enum Outcome { REJOURNALED, QUARANTINED, LEFT }

    /** A file that cannot be journaled, and why, in words that name UIDs and never a patient. */
    private static final class Unjournalable extends Exception {
        final Quarantine.Reason reason;
        final String sopInstanceUid;
        final String studyInstanceUid;

        Unjournalable(Quarantine.Reason reason, String detail, String sopInstanceUid, String studyInstanceUid) {
            super(detail);
            this.reason = reason;
            this.sopInstanceUid = sopInstanceUid;
            this.studyInstanceUid = studyInstanceUid;
        }
    }

    /**
     * Throws only when the spool folder or the journal as a whole cannot be read (then the
     * gateway could not work anyway); a problem with one file never escapes.
     */
    public Report reconcile() throws IOException {
        SlotRecovery.Outcome slots = new SlotRecovery(spool, quarantine).recover();
        int removed = removeTemporaryFiles();
        Map<String, Journal.JournaledFile> journaled = journal.journaledFiles();
        Set<String> present = new HashSet<>();
        int rejournaled = 0;
        List<String> quarantined = new ArrayList<>();
        int left = 0;
        for (Path file : instanceFiles()) {
            String relative = spool.root().relativize(file).toString().replace('\\', '/');
            String sopUid = file.getFileName().toString().replace(Spool.INSTANCE_SUFFIX, "");
            Journal.JournaledFile row = journaled.get(sopUid);
            boolean samePath = row != null && relative.equals(row.spoolPath());
            if (samePath && describes(row, file)) {
                present.add(sopUid);
                continue;
            }
            // same path, other size or time: a resend replaced the file and a crash kept its row from
            // the group commit; journaled again from the file, as the commit would have (issue 9)
            switch (rejournalOrQuarantine(file, relative, samePath ? null : row == null ? null : row.spoolPath())) {
                case REJOURNALED -> {
                    present.add(sopUid);
                    rejournaled++;
                }
                case QUARANTINED -> quarantined.add(relative);
                case LEFT -> left++;
            }
        }
        List<String> missing = journaled.keySet().stream().filter(uid -> !present.contains(uid)).sorted().toList();
        journal.markFilesMissing(missing);
        Report report = new Report(removed, rejournaled, missing.size(), quarantined.size(), left, present.size(),
                slots.putInPlace(), slots.removed());
        if (!missing.isEmpty()) {
            LOG.warn("{} journaled instances have no file in the spool, marked missing; first SOP Instance UIDs: {}",
                    missing.size(), missing.subList(0, Math.min(IDS_IN_LOG, missing.size())));
        }
        if (!quarantined.isEmpty()) {
            LOG.warn("{} spool files could not be journaled and were moved to {}: {}", quarantined.size(),
                    quarantine.dir(), quarantined.subList(0, Math.min(IDS_IN_LOG, quarantined.size())));
        }
        LOG.info("spool reconciled: {} instances, {} temporary files removed, {} files re-journaled, "
                + "{} journaled instances missing, {} files quarantined, {} files left in place, "
                + "{} slots put in place, {} slots removed", report.instancesInSpool(),
                removed, rejournaled, missing.size(), quarantined.size(), left, slots.putInPlace(), slots.removed());
        return report;
    }

    /** Whether the row was written for this very file; a file that cannot be read is looked at further on. */
    private static boolean describes(Journal.JournaledFile row, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return row.describes(attributes.size(), attributes.lastModifiedTime().toInstant());
        } catch (IOException e) {
            return false;
        }
    }

    private int removeTemporaryFiles() throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.list(spool.incomingDir())) {
            for (Path file : files.toList()) {
                try {
                    Files.deleteIfExists(file);
                    removed++;
                } catch (IOException e) {
                    LOG.error("cannot remove temporary spool file {}: {}", file.getFileName(), e.toString());
                }
            }
        }
        return removed;
    }

    /** {@code <study>/<series>/<sop>.dcm}: exactly three levels below the root, outside .incoming. */
    private List<Path> instanceFiles() throws IOException {
        try (Stream<Path> files = Files.find(spool.root(), 3, this::isInstanceFile)) {
            return files.toList();
        }
    }

    private boolean isInstanceFile(Path path, BasicFileAttributes attributes) {
        return attributes.isRegularFile()
                && path.getFileName().toString().endsWith(Spool.INSTANCE_SUFFIX)
                && spool.root().relativize(path).getNameCount() == 3
                && !path.startsWith(spool.incomingDir())
                // a vendor's result object is the results stage's, journaled there: never an instance of a study
                && !path.startsWith(spool.resultsDir());
    }

    private Outcome rejournalOrQuarantine(Path file, String relative, String journaledPathOrNull) {
        InstanceRecord record;
        try {
            record = checkedRecord(file, relative, journaledPathOrNull);
        } catch (Unjournalable e) {
            return quarantine(file, relative, e);
        }
        InstanceJournaledListener.AfterCommit step;
        try {
            Journal.SameTransaction<InstanceJournaledListener.AfterCommit> arrival = journaled.inJournalTransaction();
            if (arrival == null) {
                journal.record(record);
                step = () -> journaled.journaled(record);
            } else {
                step = journal.record(record, arrival);
            }
        } catch (RuntimeException e) {
            // the journal refused the row (a value its columns cannot hold, a constraint): the reported failure
            String why = e instanceof JournalException refused ? refused.reason() : e.toString();
            return quarantine(file, relative, new Unjournalable(Quarantine.Reason.NOT_JOURNALED,
                    "the journal refused the row: " + why, record.sopInstanceUid(), record.studyInstanceUid()));
        }
        try {
            step.run();
        } catch (Exception e) {
            // the row and the arrival are committed; the sweep completes the study on its deadline
            LOG.warn("after journaling {}: {}", record.sopInstanceUid(), e.toString());
        }
        return Outcome.REJOURNALED;
    }

    /** The journal row of a spool file, once its header is read and its place checked. */
    private InstanceRecord checkedRecord(Path file, String relative, String journaledPathOrNull) throws Unjournalable {
        Part10File part10;
        Attributes header;
        long size;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            part10 = Part10.readHeader(in);
            size = Files.size(file);
            header = InstanceHeaders.read(in, part10.transferSyntax(), size - part10.dataSetOffset());
        } catch (IOException | RuntimeException e) {
            throw new Unjournalable(Quarantine.Reason.UNREADABLE, "cannot read the header: " + e, null, null);
        }
        String sopUid = header.getString(Tag.SOPInstanceUID);
        String studyUid = header.getString(Tag.StudyInstanceUID);
        String expected;
        try {
            expected = Spool.relativePath(studyUid, header.getString(Tag.SeriesInstanceUID), sopUid);
        } catch (IllegalArgumentException e) {
            throw new Unjournalable(Quarantine.Reason.MISPLACED, e.getMessage(), null, null);
        }
        if (!expected.equals(relative)) {
            throw new Unjournalable(Quarantine.Reason.MISPLACED, "its UIDs name another spool path", sopUid, studyUid);
        }
        if (journaledPathOrNull != null) {
            // the same SOP Instance UID is journaled elsewhere: a conflicting copy, never replaced silently
            throw new Unjournalable(Quarantine.Reason.CONFLICT, "SOP Instance UID " + sopUid
                    + " is journaled at another spool path, in Study " + journaledStudy(journaledPathOrNull),
                    sopUid, studyUid);
        }
        String sourceAe = part10.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle);
        Instant received;
        try {
            received = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            received = Instant.now();
        }
        return InstanceHeaders.record(header, part10.transferSyntax().uid(), sourceAe, size, received, relative);
    }

    private static String journaledStudy(String spoolPath) {
        int slash = spoolPath.indexOf('/');
        return slash < 0 ? spoolPath : spoolPath.substring(0, slash);
    }

    private Outcome quarantine(Path file, String relative, Unjournalable why) {
        try {
            Quarantine.Item item = quarantine.admit(file, why.reason, why.getMessage(), why.sopInstanceUid,
                    why.studyInstanceUid);
            LOG.warn("spool file {} quarantined as {} ({}): {}", relative, item.id(), why.reason, why.getMessage());
            return Outcome.QUARANTINED;
        } catch (IOException | RuntimeException e) {
            LOG.error("spool file {} cannot be journaled ({}) nor quarantined, left in place: {}", relative,
                    why.getMessage(), e.toString());
            return Outcome.LEFT;
        }
    }
}
