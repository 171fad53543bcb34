package org.varde.gateway.ingest;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.Status;
import org.varde.gateway.spool.SlotMarker;
import org.varde.gateway.spool.Slots;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash windows a slot opens (docs/performance.md, step 5): an instance forced in its slot and
 * answered, whose final name was never made or never made durable, must be put in place and
 * journaled by the next start's reconcile; a slot a crash tore (never answered) must not be. Each
 * state is built as ingest leaves it ({@link SpoolFile} writes the slot), then a fresh spool stands
 * for the restarted process and reconciles.
 */
class SlotCrashWindowsTest {
    @TempDir
    Path tmp;
    private IngestFixture fixture;
    private List<Path> study;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT);
        study = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.MR_HEAD, 1, 2, 1, 32));
        assertNotNull(fixture.spool.slots(), "fsync on, slots beside the spool on one file system: slots in use");
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void slotForcedButNeverRenamedIsPutInPlaceAndJournaled() throws Exception {
        Path source = study.get(0);
        Path slot = forcedSlot(source);

        SpoolReconciler.Report report = reconcileAfterRestart();

        assertEquals(1, report.slotsPutInPlace());
        assertEquals(1, report.filesRejournaled());
        Path placed = inPlace(source);
        assertArrayEquals(DicomFiles.dataSet(source), DicomFiles.dataSet(placed), "the instance, whole, under its name");
        InstanceRecord row = fixture.journal.instance(sopUid(source)).orElseThrow();
        assertEquals(relative(source), row.spoolPath());
        assertFalse(Files.exists(slot), "the slot's name goes once the instance has its own");
    }

    @Test
    void slotRenamedButNotJournaledIsJournaledOnceAndItsSlotGoes() throws Exception {
        Path source = study.get(0);
        Path slot = forcedSlot(source);
        Path target = linkInPlace(source, slot); // renamed into place, the folder not forced yet, the row still queued

        SpoolReconciler.Report report = reconcileAfterRestart();

        assertEquals(1, report.slotsPutInPlace());
        assertEquals(1, report.filesRejournaled());
        assertEquals(1, report.instancesInSpool());
        assertTrue(fixture.journal.instance(sopUid(source)).isPresent());
        assertFalse(Files.exists(slot));
        assertArrayEquals(DicomFiles.dataSet(source), DicomFiles.dataSet(target));
    }

    @Test
    void tornSlotIsRemovedAndNothingIsJournaled() throws Exception {
        Path source = study.get(0);
        Path corrupted = forcedSlot(source);
        try (FileChannel channel = FileChannel.open(corrupted, StandardOpenOption.WRITE)) {
            // a data block the crash kept from the disk: zeros where the pixels were
            channel.write(ByteBuffer.allocate(512), Files.size(corrupted) - 1024);
        }
        Path cut = forcedSlot(study.get(1));
        try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(cut) - 100); // the marker on disk, the last bytes not
        }

        SpoolReconciler.Report report = reconcileAfterRestart();

        assertEquals(0, report.slotsPutInPlace());
        assertEquals(2, report.slotsRemoved());
        assertEquals(0, report.filesRejournaled());
        assertFalse(Files.exists(fixture.spool.resolve(relative(source))));
        assertTrue(fixture.journal.journaledFiles().isEmpty());
        assertEquals(List.of(), slotFiles());
    }

    @Test
    void slotWithoutMarkerWasNeverAnsweredAndIsRemoved() throws Exception {
        Path source = study.get(0);
        Path part = fixture.spool.newTemporaryFile();
        SpoolFile file = new SpoolFile(part, () -> { }, true, fixture.spool.slots());
        file.write(chunkOf(source)); // every byte written, the crash came before the marker and the force
        file.closeQuietly();
        Files.delete(part);

        SpoolReconciler.Report report = reconcileAfterRestart();

        assertEquals(1, report.slotsRemoved());
        assertEquals(0, report.slotsPutInPlace());
        assertFalse(Files.exists(fixture.spool.resolve(relative(source))));
        assertTrue(fixture.journal.journaledFiles().isEmpty());
    }

    @Test
    void laterCopyWinsWhicheverNameItHas() throws Exception {
        Path source = study.get(0);
        Path older = forcedSlot(source);
        long olderSequence = SlotMarker.completeSequence(older).orElseThrow();
        Path newer = forcedSlot(source);
        long newerSequence = SlotMarker.completeSequence(newer).orElseThrow();
        assertTrue(newerSequence > olderSequence);
        Path target = linkInPlace(source, newer); // the resend was renamed into place; both slots survived the crash

        SpoolReconciler.Report report = reconcileAfterRestart();

        assertEquals(newerSequence, SlotMarker.sequenceOf(target).orElseThrow(), "the resend stays in place");
        assertEquals(1, report.slotsPutInPlace());
        assertEquals(1, report.slotsRemoved(), "the older copy's slot");
        assertEquals(List.of(), slotFiles());
    }

    @Test
    void laterCopyInItsSlotReplacesTheEarlierInPlace() throws Exception {
        Path source = study.get(0);
        Path older = forcedSlot(source);
        Path target = linkInPlace(source, older);
        Files.delete(older); // the first copy was put in place for good
        Path newer = forcedSlot(source); // the resend was answered, then the crash came before its rename
        long newerSequence = SlotMarker.completeSequence(newer).orElseThrow();

        SpoolReconciler.Report report = reconcileAfterRestart();

        assertEquals(1, report.slotsPutInPlace());
        assertEquals(newerSequence, SlotMarker.sequenceOf(target).orElseThrow());
    }

    @Test
    void anotherGatewayStartingOnTheSameStorageLeavesALiveProcesssSlotsAlone() throws Exception {
        Path source = study.get(0);
        Path slot = forcedSlot(source); // this process is alive: its lock on its slot folder is held

        Spool second = Spool.open(fixture.config.storage());
        SpoolReconciler.Report report = new SpoolReconciler(second, fixture.journal, fixture.quarantine).reconcile();

        assertEquals(0, report.slotsPutInPlace());
        assertEquals(0, report.slotsRemoved());
        assertTrue(Files.exists(slot), "still the live process's");
        assertFalse(Files.exists(fixture.spool.resolve(relative(source))));
        second.close();
    }

    @Test
    void answeredInstanceCarriesItsMarkerAndItsSlotGoesOnceItsNameIsDurable() throws Exception {
        Path source = study.get(0);

        assertEquals(Status.SUCCESS, fixture.store(IngestFixture.requestFor(source), IngestFixture.dataSet(source), 4096));

        Path target = fixture.spool.resolve(relative(source));
        assertTrue(SlotMarker.completeSequence(target).isPresent(), "written through a slot, marked whole");
        assertTrue(Poll.untilIo(Duration.ofSeconds(10), () -> completeSlots().isEmpty()),
                "the slot's name removed after the folders were forced: " + completeSlots());
    }

    /** A slot as ingest leaves it after the one force, before the rename: the .incoming name is a leftover. */
    private Path forcedSlot(Path source) throws IOException {
        Path part = fixture.spool.newTemporaryFile();
        SpoolFile file = new SpoolFile(part, () -> { }, true, fixture.spool.slots());
        file.write(chunkOf(source));
        file.finish(true);
        Files.delete(part);
        return file.slot();
    }

    private static GatheredChunk chunkOf(Path source) throws IOException {
        GatheredChunk chunk = new GatheredChunk();
        chunk.add(Unpooled.wrappedBuffer(Files.readAllBytes(source)));
        return chunk;
    }

    /**
     * The restarted process: the old one's slot folder let go (its lock released, as the kernel does for
     * a killed process; the slots it took stay as they are), a new spool on the same storage, the reconcile.
     */
    /** The slot's file under the instance's final name too, as ingest's rename leaves it before the folder is forced. */
    private Path linkInPlace(Path source, Path slot) throws Exception {
        Path target = fixture.spool.resolve(relative(source));
        Files.createDirectories(target.getParent());
        Files.createLink(target, slot);
        return target;
    }

    private SpoolReconciler.Report reconcileAfterRestart() throws IOException {
        fixture.spool.close();
        Spool restarted = Spool.open(fixture.config.storage());
        return new SpoolReconciler(restarted, fixture.journal, fixture.quarantine).reconcile();
    }

    private Path inPlace(Path source) throws Exception {
        Path placed = fixture.spool.resolve(relative(source));
        assertTrue(Files.isRegularFile(placed), "in place: " + placed);
        return placed;
    }

    private List<Path> slotFiles() throws IOException {
        try (Stream<Path> files = Files.walk(fixture.spool.slotsDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(Slots.SUFFIX)).toList();
        }
    }

    private List<Path> completeSlots() throws IOException {
        List<Path> complete = new java.util.ArrayList<>();
        for (Path slot : slotFiles()) {
            if (Files.size(slot) > 0 && SlotMarker.completeSequence(slot).isPresent()) {
                complete.add(slot);
            }
        }
        return complete;
    }

    private static String relative(Path source) throws Exception {
        Attributes header = SpoolIngestTest.header(source);
        return Spool.relativePath(header.getString(Tag.StudyInstanceUID), header.getString(Tag.SeriesInstanceUID),
                header.getString(Tag.SOPInstanceUID));
    }

    private static String sopUid(Path source) throws Exception {
        return SpoolIngestTest.header(source).getString(Tag.SOPInstanceUID);
    }
}
