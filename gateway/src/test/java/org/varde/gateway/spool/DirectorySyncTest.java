package org.varde.gateway.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectorySyncTest {
    @TempDir
    Path tmp;

    /**
     * While one fsync runs, three callers queue (two for the same folder): the next fsync round
     * serves all of them, each distinct folder once; a caller queued during an fsync is never
     * served by that fsync (it may have started before the caller's rename).
     */
    @Test
    void callersQueuedDuringAnFsyncShareTheNextOne() throws Exception {
        Path series = tmp.resolve("series");
        Path other = tmp.resolve("other");
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Path> forced = new CopyOnWriteArrayList<>();
        DirectorySync sync = new DirectorySync(dir -> {
            forced.add(dir);
            if (forced.size() == 1) {
                firstStarted.countDown();
                await(release);
            }
        });

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> force(sync, series));
        await(firstStarted);
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (Path dir : List.of(series, series, other)) {
            queued.add(CompletableFuture.runAsync(() -> force(sync, dir)));
        }
        waitFor(() -> sync.waiting() == 3);
        assertFalse(queued.stream().anyMatch(CompletableFuture::isDone), "queued callers wait for their own fsync");
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> f : queued) {
            f.get(10, TimeUnit.SECONDS);
        }

        // one fsync for the first caller, then one per distinct folder for the three queued ones
        assertEquals(List.of(series, series, other), forced);
    }

    @Test
    void oneCallerAlonePaysOneFsyncAndHearsItsFailure() throws Exception {
        List<Path> forced = new CopyOnWriteArrayList<>();
        DirectorySync sync = new DirectorySync(dir -> {
            forced.add(dir);
            throw new IOException("Input/output error");
        });

        IOException failure = assertThrows(IOException.class, () -> sync.force(tmp));

        assertEquals("Input/output error", failure.getMessage());
        assertEquals(List.of(tmp), forced);
    }

    @Test
    void realFsyncOfAnExistingFolderSucceeds() throws Exception {
        new DirectorySync(DirectorySync.FSYNC).force(tmp);
        assertTrue(tmp.toFile().isDirectory());
    }

    private static void force(DirectorySync sync, Path dir) {
        try {
            sync.force(dir);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
