package org.varde.gateway.ingest;

import io.netty.buffer.Unpooled;
import com.sun.nio.file.ExtendedOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.StorageSettings;
import org.varde.gateway.spool.SlotMarker;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.testing.Processes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance's file holds exactly the bytes received, with the slot marker in its preamble (fsync on),
 * whatever the sizes and the fragments, written past the page cache (O_DIRECT, a spool on this
 * machine's disk, fsync on or off) or through it (a file system that refuses O_DIRECT). Real files,
 * real forces.
 */
class SpoolFileContentTest {
    private static final int KIB = 1024;
    private static final int[] SIZES = {0, 1, 127, 128, 132, 4095, 4096, 4097, 8191, 8192, 8193, 3 * 4096 + 5,
            256 * KIB - 1, 256 * KIB, 256 * KIB + 1, 512 * KIB + 4097, 3 * 1024 * KIB + 17, 5 * 1024 * KIB};
    /** Largest fragment of each fragmentation: single bytes and up, a header's pieces, PDVs (storescu's 131,060). */
    private static final int[] FRAGMENTS = {7, 600, 4096, 16 * KIB, 131_060, 700 * KIB};

    @TempDir
    Path tmp;
    private final List<Spool> spools = new ArrayList<>();
    private Path mounted;

    @AfterEach
    void closeAndUnmount() throws Exception {
        spools.forEach(Spool::close);
        if (mounted != null) {
            Processes.run(List.of("umount", "-l", mounted.toString()), tmp);
        }
    }

    @Test
    void everyByteLandsPastThePageCacheWithTheMarkerInThePreamble() throws Exception {
        Spool spool = spoolIn(tmp.resolve("storage"));
        assertNotNull(spool.directWrites(), "the test's temporary folder is on a file system that takes O_DIRECT");
        writeAllAndCompare(spool);
    }

    @Test
    void aFileSystemWithoutODirectGetsTheSameBytesThroughThePageCache() throws Exception {
        Spool spool = spoolIn(folderRefusingDirect().resolve("storage"));
        assertNull(spool.directWrites(), "O_DIRECT refused: the spool writes through the page cache");
        writeAllAndCompare(spool);
    }

    /** fsync off: no slot and no marker, but the same direct writes (step 11): the file is exactly what came. */
    @Test
    void withFsyncOffEveryByteLandsPastThePageCacheWithoutAMarker() throws Exception {
        Spool spool = Spool.open(new StorageSettings(tmp.resolve("unforced"), false, 0, 1L << 40));
        spools.add(spool);
        assertNull(spool.slots(), "no slots with fsync off");
        assertNotNull(spool.directWrites(), "fsync off writes past the page cache too, where the file system takes it");
        writeAllAndCompare(spool);
    }

    @Test
    void moreInstancesAtOnceThanStagingBuffersAreAllWhole() throws Exception {
        Spool spool = spoolIn(tmp.resolve("storage"));
        Random random = new Random(41);
        List<SpoolFile> files = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        List<List<GatheredChunk>> chunks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] content = bytes(random, 300 * KIB + random.nextInt(300 * KIB));
            contents.add(content);
            chunks.add(chunks(content, 131_060, random));
            files.add(spoolFile(spool));
        }
        while (chunks.stream().anyMatch(c -> !c.isEmpty())) {
            for (int i = 0; i < files.size(); i++) {
                if (!chunks.get(i).isEmpty()) {
                    files.get(i).write(chunks.get(i).remove(0));
                }
            }
        }
        for (int i = 0; i < files.size(); i++) {
            files.get(i).finish(true);
            assertStored(files.get(i), contents.get(i), "instance " + i);
        }
        // the staging buffers came back: a second round is written the same way
        SpoolFile again = spoolFile(spool);
        byte[] content = bytes(random, 777 * KIB);
        for (GatheredChunk chunk : chunks(content, 131_060, random)) {
            again.write(chunk);
        }
        again.finish(true);
        assertStored(again, content, "after the others");
    }

    @Test
    void anAbandonedInstanceGivesItsStagingBufferBack() throws Exception {
        Spool spool = spoolIn(tmp.resolve("storage"));
        Random random = new Random(43);
        for (int i = 0; i < 40; i++) {
            SpoolFile abandoned = spoolFile(spool);
            abandoned.write(chunks(bytes(random, 100 * KIB), 16 * KIB, random).get(0));
            abandoned.closeQuietly();
            spool.discard(abandoned.path());
            abandoned.releaseSlot();
        }
        // were the buffers lost, these would go through the page cache: same bytes, so look at the flags
        SpoolFile next = spoolFile(spool);
        byte[] content = bytes(random, 64 * KIB);
        for (GatheredChunk chunk : chunks(content, 16 * KIB, random)) {
            next.write(chunk);
        }
        assertTrue(openedDirect(next.slot()), "the instance after 40 abandoned ones is written directly");
        next.finish(true);
        assertStored(next, content, "after abandoned ones");
    }

    /**
     * Every size in every fragmentation, byte-exact before the marker and, with fsync on, with it; each
     * file opened with O_DIRECT when the spool has direct writes.
     */
    private void writeAllAndCompare(Spool spool) throws IOException {
        Random random = new Random(7);
        for (int size : SIZES) {
            byte[] content = bytes(random, size);
            for (int largest : FRAGMENTS) {
                SpoolFile file = spoolFile(spool);
                List<GatheredChunk> chunks = chunks(content, largest, random);
                file.write(chunks.remove(0));
                if (spool.directWrites() != null) {
                    assertTrue(openedDirect(file.path()), "opened with O_DIRECT: " + size + " bytes");
                }
                for (GatheredChunk chunk : chunks) {
                    file.write(chunk);
                }
                file.complete();
                assertArrayEquals(content, Files.readAllBytes(file.path()),
                        "whole before the marker: " + size + " bytes in fragments up to " + largest);
                file.finish(spool.fsync());
                if (spool.slots() != null) {
                    assertStored(file, content, size + " bytes in fragments up to " + largest);
                } else {
                    assertArrayEquals(content, Files.readAllBytes(file.path()),
                            "no marker without a slot: " + size + " bytes in fragments up to " + largest);
                }
            }
        }
    }

    /**
     * The bytes as received, the marker over the start of the preamble (a file shorter than the marker
     * is as long as the marker, as before), and complete by the reconcile's own check.
     */
    private static void assertStored(SpoolFile file, byte[] content, String what) throws IOException {
        byte[] stored = Files.readAllBytes(file.slot());
        CRC32C crc = new CRC32C();
        crc.update(content, Math.min(content.length, SlotMarker.PREAMBLE),
                Math.max(0, content.length - SlotMarker.PREAMBLE));
        long sequence = ByteBuffer.wrap(stored).getLong(8);
        ByteBuffer marker = SlotMarker.encode(sequence, content.length, (int) crc.getValue());
        byte[] expected = Arrays.copyOf(content, Math.max(content.length, marker.remaining()));
        marker.get(expected, 0, marker.remaining());
        assertArrayEquals(expected, stored, what);
        assertArrayEquals(stored, Files.readAllBytes(file.path()), "one file under both names: " + what);
        if (content.length >= SlotMarker.PREAMBLE) {
            assertEquals(OptionalLong.of(sequence), SlotMarker.completeSequence(file.slot()),
                    "complete by the reconcile's check: " + what);
        }
    }

    private SpoolFile spoolFile(Spool spool) {
        return new SpoolFile(spool.newTemporaryFile(), () -> { }, spool.fsync(), spool.slots(), spool.directWrites());
    }

    private Spool spoolIn(Path dir) throws IOException {
        Spool spool = Spool.open(new StorageSettings(dir, true, 0, 1L << 40));
        spools.add(spool);
        assertNotNull(spool.slots(), "slots in use");
        return spool;
    }

    /** Fragments of 1..largest bytes, gathered into chunks of one to a few fragments or up to 600 KiB. */
    private static List<GatheredChunk> chunks(byte[] content, int largest, Random random) {
        List<GatheredChunk> chunks = new ArrayList<>();
        GatheredChunk chunk = new GatheredChunk();
        int perChunk = 1 + random.nextInt(4);
        for (int at = 0; at < content.length; ) {
            int n = Math.min(content.length - at, 1 + random.nextInt(largest));
            chunk.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(content, at, at + n)));
            at += n;
            if (--perChunk == 0 || chunk.length() > 600 * KIB) {
                chunks.add(chunk);
                chunk = new GatheredChunk();
                perChunk = 1 + random.nextInt(4);
            }
        }
        chunks.add(chunk); // the last, maybe empty, as the sink's end leaves it
        return chunks;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Whether some descriptor of this process has {@code file} open with O_DIRECT (octal 040000 on Linux). */
    private static boolean openedDirect(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        try (var links = Files.list(fds)) {
            for (Path fd : links.toList()) {
                try {
                    if (Files.isSameFile(Files.readSymbolicLink(fd), file)) {
                        String flags = Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))
                                .stream().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
                        if ((Long.parseLong(flags.substring(6).trim(), 8) & 040000) != 0) {
                            return true;
                        }
                    }
                } catch (IOException ignored) {
                    // a descriptor closed meanwhile
                }
            }
        }
        return false;
    }

    /**
     * A folder whose file system refuses O_DIRECT: /dev/shm where tmpfs does (Linux before 6.6), else a
     * ramfs mounted for the test. Mounting needs root, as the test command's installs do (the CI
     * machine is root): without either the test fails rather than skip, since a skipped fallback test
     * proves nothing.
     */
    private Path folderRefusingDirect() throws Exception {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm)) {
            Path inShm = Files.createTempDirectory(shm, "varde-direct-test");
            if (refusesDirect(inShm)) {
                return inShm;
            }
            Files.delete(inShm);
        }
        Path ramfs = Files.createDirectories(tmp.resolve("ramfs"));
        Processes.Result mount = Processes.run(List.of("mount", "-t", "ramfs", "ramfs", ramfs.toString()), tmp);
        assertEquals(0, mount.exitCode(), "no file system refusing O_DIRECT: /dev/shm takes it on this kernel and "
                + "a ramfs cannot be mounted (run the tests as root, as ./varde test does in CI): " + mount.output());
        mounted = ramfs;
        assertTrue(refusesDirect(ramfs), "ramfs refuses O_DIRECT");
        return ramfs;
    }

    private static boolean refusesDirect(Path folder) throws IOException {
        Path probe = folder.resolve("probe");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            channel.write(ByteBuffer.allocateDirect(8192).alignedSlice(4096).slice(0, 4096), 0);
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
