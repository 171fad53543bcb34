package org.varde.gateway.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for directory fsyncs: a rename is durable once its directory is forced by an fsync
 * that started after the rename. Concurrent associations usually rename into the same series
 * folder; while one thread forces, the others queue, and the next thread to get the lock forces
 * every directory queued at that moment once, for all of them (the bench's 4 associations paid one
 * directory fsync each, about a third of an instance's commit under that load). One caller alone
 * pays exactly one fsync, as before. Blocking: worker threads only.
 */
final class DirectorySync {
    /** Forces one directory's entries to disk; a seam for the test that counts them. */
    interface Forcer {
        void force(Path directory) throws IOException;
    }

    static final Forcer FSYNC = Fsync::directory;

    private final Forcer forcer;
    /** Held by the thread forcing; the others wait on it and then find their directory forced. */
    private final ReentrantLock forcing = new ReentrantLock();
    private final List<Request> waiting = new ArrayList<>();

    DirectorySync(Forcer forcer) {
        this.forcer = forcer;
    }

    /** Returns once {@code directory} was forced by an fsync that started after this call began. */
    void force(Path directory) throws IOException {
        Request mine = new Request(directory);
        synchronized (waiting) {
            waiting.add(mine);
        }
        forcing.lock();
        try {
            if (!mine.done) {
                forceWaiting();
            }
        } finally {
            forcing.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** How many callers wait for a directory fsync now (for tests). */
    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** Under {@link #forcing}: every request queued now, each distinct directory forced once. */
    private void forceWaiting() {
        Map<Path, List<Request>> byDirectory = new LinkedHashMap<>();
        synchronized (waiting) {
            for (Request r : waiting) {
                byDirectory.computeIfAbsent(r.directory, d -> new ArrayList<>()).add(r);
            }
            waiting.clear();
        }
        byDirectory.forEach((directory, requests) -> {
            IOException failure = null;
            try {
                forcer.force(directory);
            } catch (IOException e) {
                failure = e;
            } catch (UncheckedIOException e) {
                failure = e.getCause();
            }
            for (Request r : requests) {
                r.failure = failure;
                r.done = true;
            }
        });
    }

    /** One caller's directory; its fields are written and read under {@link #forcing}. */
    private static final class Request {
        final Path directory;
        boolean done;
        IOException failure;

        Request(Path directory) {
            this.directory = directory;
        }
    }
}
