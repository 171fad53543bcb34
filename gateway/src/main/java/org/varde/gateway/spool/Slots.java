package org.varde.gateway.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Empty files whose names are already durable, so that an instance written into one is durable after
 * a single force of its data (issue 9, docs/performance.md "Step 5"). A new file's name is durable
 * only once its folder is forced; here that is paid once per batch of {@link #BATCH} files, ahead of
 * time, on a thread of its own, instead of once per instance while the sender waits.
 * <p>
 * A slot is taken for one instance, holds its bytes (ingest links it into {@code .incoming} and
 * renames that name into place), and its own name is removed only after the folders of the
 * instance's final name were forced ({@link #releaseWhenDurable}): until then it is the durable
 * record the start-up reconcile finds after a crash. Names are generated here, never from input.
 * They live in {@code <storage.dir>/slots/<random>/}, one folder per process, beside the spool (like
 * the quarantine), on its file system. Blocking: worker threads only.
 */
public final class Slots implements AutoCloseable {
    public static final String SUFFIX = ".slot";
    /** Created at once and made durable by one folder force. */
    static final int BATCH = 32;
    /** Refilled below this many free slots. */
    static final int LOW = 32;
    /**
     * How long names wait to be forced together after the first of a group was queued: with one
     * association at ~3 ms an instance a group holds about 15, one folder force for all of them.
     * The sender does not wait for it; only the slot's file stays a little longer.
     */
    static final long GATHER_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Slots.class);

    public static final String LOCK_SUFFIX = ".lock";
    /** This process's own folder below {@code <storage.dir>/slots}: {@code <random>/}. */
    private final Path dir;
    /**
     * Held for the life of this process on {@code <random>.lock} beside {@link #dir}: a gateway starting
     * on the same storage (several nodes share one spool) leaves the slots of a live process alone and
     * recovers only those whose process is gone (its lock released by the kernel).
     */
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Folders whose new entries (study and series folders) the next group must force too. */
    private final Supplier<Set<Path>> createdFolders;
    private final ConcurrentLinkedQueue<Path> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final DirectorySync slotFolder = new DirectorySync(DirectorySync.FSYNC);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean refilling = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean syncScheduled = new AtomicBoolean();
    /** One group at a time: the group thread and {@link #close()}. */
    private final ReentrantLock syncing = new ReentrantLock();
    private final ThreadPoolExecutor refiller = singleThread("varde-slot-refill");
    private final ThreadPoolExecutor syncer = singleThread("varde-slot-sync");
    private volatile boolean closed;
    /**
     * A folder force failed: from then on no slot is removed in this run (a later group could rely on a
     * folder the failed one took with it); the next start's reconcile puts every name in place.
     */
    private volatile boolean forceFailed;

    private record Pending(Path slot, Collection<Path> folders) {
    }

    /** Locks this process's lock file first, then makes its folder (and that folder's name durable). */
    Slots(Path parent, Supplier<Set<Path>> createdFolders) throws IOException {
        this.createdFolders = createdFolders;
        OwnerOnly.createDirectories(parent);
        OwnerOnly.restrict(parent);
        String run;
        FileChannel channel;
        FileLock locked;
        while (true) {
            run = UUID.randomUUID().toString();
            Path lockFile = parent.resolve(run + LOCK_SUFFIX);
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OwnerOnly.file());
            locked = channel.tryLock();
            // another gateway starting at this moment may have taken the new file for an abandoned one
            // (and removed it) before the lock: then it is not ours to rely on, try another
            if (locked != null && Files.exists(lockFile)) {
                break;
            }
            channel.close();
        }
        this.lockChannel = channel;
        this.lock = locked;
        this.dir = parent.resolve(run);
        OwnerOnly.createDirectory(dir);
        Fsync.directory(parent);
    }

    /** This process's slot folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Whether the process that made {@code runFolder} (a folder below the slots' parent) is gone, so
     * that its slots are the reconcile's: its lock file can be locked now (or is missing: the lock
     * file is made and locked before the folder). Never true for a live process, this one included.
     *
     * @return an open lock to release once the folder is dealt with, or null while its process lives
     */
    public static FileLock lockIfAbandoned(Path runFolder) throws IOException {
        Path lockFile = runFolder.resolveSibling(runFolder.getFileName() + LOCK_SUFFIX);
        FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                OwnerOnly.file());
        try {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                channel.close();
            }
            return taken;
        } catch (OverlappingFileLockException heldHere) {
            channel.close(); // a spool of this very process (tests open two on one folder)
            return null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Removes an abandoned run folder (once empty) and its lock file, and releases the lock. */
    public static void removeAbandoned(Path runFolder, FileLock lock) throws IOException {
        try {
            Files.deleteIfExists(runFolder);
            Files.deleteIfExists(runFolder.resolveSibling(runFolder.getFileName() + LOCK_SUFFIX));
        } finally {
            lock.channel().close();
        }
    }

    /**
     * A free slot, durable and empty. When none is left (the first instance, or a burst faster than
     * the refill) one is made now and its folder forced: correct, at the old cost of two forces.
     */
    public Path take() throws IOException {
        Path slot = free.poll();
        if (slot != null) {
            freeCount.decrementAndGet();
            return slot;
        }
        slot = create();
        slotFolder.force(dir);
        return slot;
    }

    /**
     * When few slots are left, makes the next batch on the slots' own thread and returns at once. No
     * instance waits for it: the one that started it used to, ~20-40 ms every 64 instances on an ext4
     * that had just deleted files (docs/performance.md, step 10); a burst faster than the refill finds
     * the pool empty and {@link #take} makes its slot itself. {@link #close} waits for a running batch.
     */
    public void refillIfLow() {
        if (freeCount.get() >= LOW || closed || !refilling.compareAndSet(false, true)) {
            return;
        }
        try {
            refiller.execute(this::refill);
        } catch (RuntimeException rejected) {
            refilling.set(false); // closed meanwhile
        }
    }

    /**
     * The next number for a slot's marker: increasing across restarts (micro-seconds of the wall
     * clock, or one more than the last), so that of two complete copies of one instance the later
     * wins in the reconcile.
     */
    public long nextSequence() {
        long now = System.currentTimeMillis() * 1000;
        return sequence.updateAndGet(last -> Math.max(last + 1, now));
    }

    /** Removes a slot whose instance was not stored (a failure, an abort): never throws. */
    public void release(Path slot) {
        try {
            Files.deleteIfExists(slot);
        } catch (IOException e) {
            LOG.warn("cannot delete slot {}: {}", slot.getFileName(), e.toString());
        }
    }

    /**
     * Removes the slot's name once {@code folders} (the folder of the instance's final name and any
     * folder whose entry it needs) are forced, in a group with the others waiting; before that, a
     * crash leaves the slot for the reconcile. Returns at once.
     */
    public void releaseWhenDurable(Path slot, Collection<Path> folders) {
        pending.add(new Pending(slot, folders));
        if (syncScheduled.compareAndSet(false, true)) {
            try {
                syncer.execute(this::syncGroups);
            } catch (RuntimeException rejected) {
                syncScheduled.set(false); // closed: the reconcile finishes it at the next start
            }
        }
    }

    private void syncGroups() {
        try {
            Thread.sleep(GATHER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncScheduled.set(false);
        syncNow();
        if (!pending.isEmpty() && !closed && syncScheduled.compareAndSet(false, true)) {
            syncer.execute(this::syncGroups);
        }
    }

    /** Forces the folders of every name waiting now, then removes their slots. */
    private void syncNow() {
        syncing.lock();
        try {
            List<Pending> group = new ArrayList<>();
            for (Pending p; (p = pending.poll()) != null; ) {
                group.add(p);
            }
            if (group.isEmpty() || forceFailed) {
                return;
            }
            // taken after the group: every folder its instances created was noted before their rename
            Set<Path> folders = new LinkedHashSet<>(createdFolders.get());
            group.forEach(p -> folders.addAll(p.folders()));
            try {
                for (Path folder : folders) {
                    try {
                        Fsync.directory(folder);
                    } catch (java.nio.file.NoSuchFileException purged) {
                        // removed since (a purge, a folder left empty): no name in it left to keep
                    }
                }
            } catch (IOException e) {
                // the slots stay: the next start's reconcile puts the names in place again
                forceFailed = true;
                LOG.error("cannot force spool folders for {} instances; their slots are kept for the next start's "
                        + "reconcile: {}", group.size(), e.toString());
                return;
            }
            group.forEach(p -> release(p.slot()));
        } finally {
            syncing.unlock();
        }
    }

    private void refill() {
        try {
            while (freeCount.get() < LOW + BATCH && !closed) {
                List<Path> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    batch.add(create());
                }
                Fsync.directory(dir); // one force makes the whole batch's names durable
                free.addAll(batch);
                freeCount.addAndGet(batch.size());
            }
        } catch (IOException | RuntimeException e) {
            // a full disk, say: take() makes its slot itself and reports the failure to the sender
            LOG.warn("cannot create spool slots: {}", e.toString());
        } finally {
            refilling.set(false);
        }
    }

    private Path create() throws IOException {
        Path slot = dir.resolve(UUID.randomUUID() + SUFFIX);
        Files.createFile(slot, OwnerOnly.file());
        return slot;
    }

    /** Makes every waiting name durable and removes the free slots. Blocking. */
    @Override
    public void close() {
        closed = true;
        syncer.shutdown();
        refiller.shutdown();
        try {
            refiller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncNow();
        for (Path slot; (slot = free.poll()) != null; ) {
            release(slot);
        }
        try {
            // empty unless a slot is still waiting (a failed folder force): then it stays for the reconcile
            Files.deleteIfExists(dir);
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + LOCK_SUFFIX));
        } catch (IOException e) {
            LOG.info("slot folder {} kept for the next start's reconcile: {}", dir.getFileName(), e.toString());
        } finally {
            try {
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    private static ThreadPoolExecutor singleThread(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true); // no thread left behind by an idle spool
        return executor;
    }
}
