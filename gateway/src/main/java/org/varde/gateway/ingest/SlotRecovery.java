package org.varde.gateway.ingest;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.SlotMarker;
import org.varde.gateway.spool.Slots;
import org.varde.gateway.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The first step of the start-up reconcile: the slots a crash left behind (spool.Slots). A slot whose
 * marker and content agree holds an instance that was forced whole, and its success may have been
 * answered: it gets its final name (if it lost it, or never had it durably) before the reconcile
 * journals the spool's files. Of two copies of one instance the one with the higher sequence stays.
 * Any other slot (empty, unused, torn by the crash) was never answered and is removed. Only the slot
 * folders of processes that are gone are looked at (spool.Slots, one folder and lock per process):
 * never this process's own, nor those of another gateway running on the same storage. Blocking.
 */
final class SlotRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SlotRecovery.class);

    /** @param removed slots that held bytes: torn by the crash, or an older copy than the one in place */
    record Outcome(int putInPlace, int removed) {
    }

    private record Complete(Path slot, long sequence) {
    }

    private final Spool spool;
    private final Quarantine quarantine;

    SlotRecovery(Spool spool, Quarantine quarantine) {
        this.spool = spool;
        this.quarantine = quarantine;
    }

    Outcome recover() throws IOException {
        Path parent = spool.slotsDir();
        if (!Files.isDirectory(parent)) {
            return new Outcome(0, 0);
        }
        Slots live = spool.slots();
        List<Path> runs;
        try (Stream<Path> entries = Files.list(parent)) {
            // a process's folder, or the lock file of one that died before making it; nothing else is ours
            runs = entries.filter(entry -> Files.isDirectory(entry)
                            || entry.getFileName().toString().endsWith(Slots.LOCK_SUFFIX))
                    .map(entry -> entry.getFileName().toString().endsWith(Slots.LOCK_SUFFIX)
                            ? entry.resolveSibling(entry.getFileName().toString().replace(Slots.LOCK_SUFFIX, ""))
                            : entry)
                    .distinct().filter(run -> live == null || !run.equals(live.dir())).toList();
        }
        Outcome total = new Outcome(0, 0);
        for (Path run : runs) {
            FileLock lock;
            try {
                lock = Slots.lockIfAbandoned(run);
            } catch (IOException e) {
                LOG.error("cannot tell whether slot folder {} is in use, left alone: {}", run.getFileName(), e.toString());
                continue;
            }
            if (lock == null) {
                continue; // another gateway on this storage is running: its slots are its own
            }
            try {
                Outcome outcome = Files.isDirectory(run) ? recover(run) : new Outcome(0, 0);
                total = new Outcome(total.putInPlace() + outcome.putInPlace(), total.removed() + outcome.removed());
            } finally {
                try {
                    Slots.removeAbandoned(run, lock);
                } catch (IOException e) {
                    LOG.warn("slot folder {} kept (a slot left in it for the next start): {}", run.getFileName(),
                            e.toString());
                }
            }
        }
        if (total.putInPlace() > 0 || total.removed() > 0) {
            LOG.info("slots after a crash: {} instances put in place from their slot, {} slots removed",
                    total.putInPlace(), total.removed());
        }
        return total;
    }

    /** The slots of one process that is gone. */
    private Outcome recover(Path run) throws IOException {
        List<Complete> complete = new ArrayList<>();
        int removed = 0;
        try (Stream<Path> files = Files.list(run)) {
            for (Path slot : files.toList()) {
                if (!slot.getFileName().toString().endsWith(Slots.SUFFIX)) {
                    continue;
                }
                OptionalLong sequence;
                try {
                    if (Files.size(slot) == 0) {
                        remove(slot); // made ahead and never used: not worth a count
                        continue;
                    }
                    sequence = SlotMarker.completeSequence(slot);
                } catch (IOException e) {
                    LOG.error("cannot read slot {}, left in place: {}", slot.getFileName(), e.toString());
                    continue;
                }
                if (sequence.isPresent()) {
                    complete.add(new Complete(slot, sequence.getAsLong()));
                } else if (remove(slot)) {
                    removed++; // never marked whole: never answered
                }
            }
        }
        // oldest first: a later copy of the same instance replaces an earlier one, as it did when received
        complete.sort(Comparator.comparingLong(Complete::sequence));
        int placed = 0;
        for (Complete c : complete) {
            switch (place(c)) {
                case PLACED -> {
                    placed++;
                    remove(c.slot());
                }
                case STALE -> {
                    if (remove(c.slot())) {
                        removed++;
                    }
                }
                case KEPT -> { }
            }
        }
        return new Outcome(placed, removed);
    }

    private enum Placement { PLACED, STALE, KEPT }

    private Placement place(Complete c) {
        String relative;
        try {
            relative = relativePath(c.slot());
        } catch (IOException | RuntimeException e) {
            // marked whole, so it passed the checks when it came; unreadable now: kept for a person
            quarantine(c.slot(), Quarantine.Reason.UNREADABLE, "slot marked complete but its header cannot be read: " + e);
            return Placement.KEPT;
        }
        try {
            Path target = spool.resolve(relative);
            if (Files.exists(target) && !Files.isSameFile(target, c.slot())) {
                OptionalLong inPlace = SlotMarker.sequenceOf(target);
                // a file without a marker is from before this slot's run (an older build, or fsync off)
                if (inPlace.isPresent() && inPlace.getAsLong() > c.sequence()) {
                    return Placement.STALE;
                }
            }
            spool.putInPlace(c.slot(), relative);
            return Placement.PLACED;
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot put slot {} in place as {}, left in its slot for the next start: {}",
                    c.slot().getFileName(), relative, e.toString());
            return Placement.KEPT;
        }
    }

    /** Where the instance belongs, from its UIDs (validated, as when it was received). */
    private static String relativePath(Path slot) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(slot), 64 * 1024)) {
            Part10File part10 = Part10.readHeader(in);
            Attributes header = InstanceHeaders.read(in, part10.transferSyntax(),
                    Files.size(slot) - part10.dataSetOffset());
            return Spool.relativePath(header.getString(Tag.StudyInstanceUID), header.getString(Tag.SeriesInstanceUID),
                    header.getString(Tag.SOPInstanceUID));
        }
    }

    private void quarantine(Path slot, Quarantine.Reason reason, String why) {
        try {
            Quarantine.Item item = quarantine.admit(slot, reason, why, null, null);
            LOG.warn("slot {} quarantined as {}: {}", slot.getFileName(), item.id(), why);
        } catch (IOException | RuntimeException e) {
            LOG.error("slot {} ({}) cannot be quarantined, left in place: {}", slot.getFileName(), why, e.toString());
        }
    }

    private static boolean remove(Path slot) {
        try {
            return Files.deleteIfExists(slot);
        } catch (IOException e) {
            LOG.error("cannot remove slot {}: {}", slot.getFileName(), e.toString());
            return false;
        }
    }
}
