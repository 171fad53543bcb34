package org.varde.gateway.ingest;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.spool.Spool;
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
 * marked so the API shows them. Blocking.
 */
public final class SpoolReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolReconciler.class);
    private static final int IDS_IN_LOG = 10;

    private final Spool spool;
    private final Journal journal;

    public SpoolReconciler(Spool spool, Journal journal) {
        this.spool = spool;
        this.journal = journal;
    }

    public record Report(int temporaryFilesRemoved, int filesRejournaled, int rowsWithoutFile, int unreadableFiles,
                         int instancesInSpool) {
    }

    public Report reconcile() throws IOException {
        int removed = removeTemporaryFiles();
        Map<String, String> journaled = journal.spoolPaths();
        Set<String> present = new HashSet<>();
        int rejournaled = 0;
        List<String> unreadable = new ArrayList<>();
        for (Path file : instanceFiles()) {
            String relative = spool.root().relativize(file).toString().replace('\\', '/');
            String sopUid = file.getFileName().toString().replace(Spool.INSTANCE_SUFFIX, "");
            if (relative.equals(journaled.get(sopUid))) {
                present.add(sopUid);
            } else if (rejournal(file, relative)) {
                present.add(sopUid);
                rejournaled++;
            } else {
                unreadable.add(relative);
            }
        }
        List<String> missing = journaled.keySet().stream().filter(uid -> !present.contains(uid)).sorted().toList();
        journal.markFilesMissing(missing);
        Report report = new Report(removed, rejournaled, missing.size(), unreadable.size(), present.size());
        if (!missing.isEmpty()) {
            LOG.warn("{} journaled instances have no file in the spool, marked missing; first SOP Instance UIDs: {}",
                    missing.size(), missing.subList(0, Math.min(IDS_IN_LOG, missing.size())));
        }
        if (!unreadable.isEmpty()) {
            LOG.warn("{} spool files cannot be journaled (header unreadable or not where its UIDs say): {}",
                    unreadable.size(), unreadable.subList(0, Math.min(IDS_IN_LOG, unreadable.size())));
        }
        LOG.info("spool reconciled: {} instances, {} temporary files removed, {} files re-journaled, "
                + "{} journaled instances missing, {} unreadable files", report.instancesInSpool(), removed,
                rejournaled, missing.size(), unreadable.size());
        return report;
    }

    private int removeTemporaryFiles() throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.list(spool.incomingDir())) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
                removed++;
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
                && !path.startsWith(spool.incomingDir());
    }

    private boolean rejournal(Path file, String relative) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            Part10File part10 = Part10.readHeader(in);
            long size = Files.size(file);
            Attributes header = InstanceHeaders.read(in, part10.transferSyntax(), size - part10.dataSetOffset());
            String expected = Spool.relativePath(header.getString(Tag.StudyInstanceUID),
                    header.getString(Tag.SeriesInstanceUID), header.getString(Tag.SOPInstanceUID));
            if (!expected.equals(relative)) {
                return false;
            }
            String sourceAe = part10.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle);
            Instant received = Files.getLastModifiedTime(file).toInstant();
            journal.record(InstanceHeaders.record(header, part10.transferSyntax().uid(), sourceAe, size, received,
                    relative));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot re-journal spool file {}: {}", relative, e.toString());
            return false;
        }
    }
}
