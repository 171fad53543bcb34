package org.varde.gateway.spool;

import org.varde.dicom.data.UID;
import org.varde.gateway.config.StorageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder received instances live in: {@code <spool>/<StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}.
 * Instances are written into {@code .incoming/*.part} first and appear under their final name only
 * by an atomic rename after they are complete (and forced to disk when {@code fsync} is on), so a
 * reader or a crash never sees a partial file under a real name. Blocking: call from worker threads.
 */
public final class Spool {
    public static final String INCOMING = ".incoming";
    public static final String PART_SUFFIX = ".part";
    public static final String INSTANCE_SUFFIX = ".dcm";
    /** Vendors' result objects, by job: never instances of a study, never reconciled into the journal. */
    public static final String RESULTS = ".results";
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private final Path root;
    private final Path incoming;
    private final Path slotsDir;
    private final boolean fsync;
    private final long minFreeBytes;
    private final long maxInstanceBytes;
    /** Looked up on first use (any thread; a race looks it up twice, harmlessly). */
    private volatile FileStore fileStore;
    /** The target folder of each rename, forced in groups when associations commit at once. */
    private final DirectorySync directories = new DirectorySync(DirectorySync.FSYNC);
    /** With fsync on and the slots on the spool's file system; null otherwise (every name forced at once). */
    private Slots slots;
    /** With fsync on and a file system that takes O_DIRECT; null otherwise (written through the page cache). */
    private DirectWrites directWrites;
    /**
     * Folders that got a new entry (a study or series folder) whose force is left to the slots' next
     * group; noted before the entry is made, so a group that holds an instance inside forces them.
     */
    private final Set<Path> createdFolders = ConcurrentHashMap.newKeySet();

    private Spool(Path root, StorageSettings storage) {
        this.root = root;
        this.incoming = root.resolve(INCOMING);
        this.slotsDir = storage.slotsDir().toAbsolutePath().normalize();
        this.fsync = storage.fsync();
        this.minFreeBytes = storage.minFreeBytes();
        this.maxInstanceBytes = storage.maxInstanceBytes();
    }

    /** Creates the spool folders when missing. */
    public static Spool open(StorageSettings storage) throws IOException {
        Spool spool = new Spool(storage.spoolDir().toAbsolutePath().normalize(), storage);
        OwnerOnly.createDirectories(spool.incoming);
        OwnerOnly.restrict(spool.root);
        OwnerOnly.restrict(spool.incoming);
        if (spool.fsync) {
            OwnerOnly.createDirectories(spool.slotsDir);
        }
        if (spool.fsync && sameFileSystem(spool.slotsDir, spool.root)) {
            spool.slots = new Slots(spool.slotsDir, spool::takeCreatedFolders);
        } else if (spool.fsync) {
            LOG.info("spool {} is on another file system than {}: every instance's name is forced before its answer",
                    spool.root, spool.slotsDir);
        }
        spool.directWrites = DirectWrites.probe(spool.incoming, spool.newTemporaryFile());
        return spool;
    }

    /** A hard link, and so a slot, cannot cross file systems. */
    private static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The slots in use by this process, or null when every instance's name is forced before its answer. */
    public Slots slots() {
        return slots;
    }

    /** How instances are written past the page cache, or null: a file system that refuses O_DIRECT. */
    public DirectWrites directWrites() {
        return directWrites;
    }

    /** Where slots live (those of an earlier run too, for the reconcile), whether or not this run uses them. */
    public Path slotsDir() {
        return slotsDir;
    }

    private Set<Path> takeCreatedFolders() {
        Set<Path> taken = new HashSet<>();
        for (Path folder : createdFolders) {
            if (createdFolders.remove(folder)) {
                taken.add(folder);
            }
        }
        return taken;
    }

    /** Makes the names waiting for their folders' force durable and removes the free slots. Blocking. */
    public void close() {
        if (slots != null) {
            slots.close();
        }
    }

    public Path root() {
        return root;
    }

    public Path incomingDir() {
        return incoming;
    }

    public Path resultsDir() {
        return root.resolve(RESULTS);
    }

    /** A fresh temporary name; the caller creates the file. */
    public Path newTemporaryFile() {
        return incoming.resolve(UUID.randomUUID() + PART_SUFFIX);
    }

    /**
     * The spool path of an instance, relative to the spool root. Derived from validated UIDs only,
     * never from a name taken from the input, so it cannot point outside the spool.
     *
     * @throws IllegalArgumentException when a UID is not safe for a path
     */
    public static String relativePath(String studyUid, String seriesUid, String sopInstanceUid) {
        requireSafe("Study Instance UID", studyUid);
        requireSafe("Series Instance UID", seriesUid);
        requireSafe("SOP Instance UID", sopInstanceUid);
        return studyUid + "/" + seriesUid + "/" + sopInstanceUid + INSTANCE_SUFFIX;
    }

    private static void requireSafe(String what, String uid) {
        if (uid == null || !UID.isSafe(uid)) {
            throw new IllegalArgumentException(what + " is not a valid UID");
        }
    }

    public Path resolve(String relativePath) {
        Path path = root.resolve(relativePath).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("spool path outside the spool: " + relativePath);
        }
        return path;
    }

    /**
     * Moves a complete temporary file to its final place, atomically replacing an earlier copy of
     * the same instance. With fsync on: the file's data first, then each directory whose entries
     * changed, so that after a crash the name never points at lost data. An earlier copy stays
     * reachable (a hard link in {@code .incoming}) until the caller says {@link Committed#keep()}
     * or {@link Committed#undo()}: a store whose journal row fails must not leave its file behind,
     * nor take the earlier copy with it.
     */
    public Committed commit(Path temporaryFile, String relativePath) throws IOException {
        return commit(temporaryFile, relativePath, false, StepTimes.UNTIMED);
    }

    /**
     * {@link #commit(Path, String)}, telling {@code times} how long each step took.
     *
     * @param dataForced the caller forced the file's data itself (through the channel it wrote with,
     *                   see {@link #fsync()}); only the directories are left to force here
     */
    public Committed commit(Path temporaryFile, String relativePath, boolean dataForced, StepTimes times)
            throws IOException {
        return commit(temporaryFile, relativePath, dataForced, times, true);
    }

    /**
     * {@link #commit(Path, String, boolean, StepTimes)} for a file whose data is forced and whose slot
     * holds it under a durable name: the rename and any new folder are not forced here; the caller
     * hands {@link Committed#folders()} to {@link Slots#releaseWhenDurable}, which forces them (in a
     * group, after the answer) before the slot's name goes.
     */
    public Committed commitNamesLater(Path temporaryFile, String relativePath, StepTimes times) throws IOException {
        return commit(temporaryFile, relativePath, true, times, false);
    }

    private Committed commit(Path temporaryFile, String relativePath, boolean dataForced, StepTimes times,
                             boolean namesNow) throws IOException {
        Path target = resolve(relativePath);
        long t0 = System.nanoTime();
        if (fsync && !dataForced) {
            force(temporaryFile, false);
        }
        long t1 = System.nanoTime();
        createDirectories(target.getParent(), namesNow);
        long t2 = System.nanoTime();
        Path previous = null;
        if (Files.exists(target)) {
            previous = newTemporaryFile();
            Files.createLink(previous, target);
        }
        Files.move(temporaryFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long t3 = System.nanoTime();
        if (fsync && namesNow) {
            directories.force(target.getParent());
        }
        long t4 = System.nanoTime();
        times.took("force", t1 - t0);
        times.took("folders", t2 - t1);
        times.took("rename", t3 - t2);
        if (namesNow) {
            times.took("folder_sync", t4 - t3);
        }
        return new Committed(target, previous);
    }

    /** How long each step of a commit took, by name (the ingest stage breakdown, docs/performance.md). */
    @FunctionalInterface
    public interface StepTimes {
        StepTimes UNTIMED = (step, nanos) -> { };

        void took(String step, long nanos);
    }

    /** An instance file just put in place, and the copy it replaced (if any) until the outcome is known. */
    public final class Committed {
        private final Path target;
        private final Path previousOrNull;

        private Committed(Path target, Path previousOrNull) {
            this.target = target;
            this.previousOrNull = previousOrNull;
        }

        public Path path() {
            return target;
        }

        /** The folder whose entry the rename changed (the others are noted as they are created). */
        public List<Path> folders() {
            return List.of(target.getParent());
        }

        /** The new file stays; the link to the copy it replaced goes (at the latest at the next start). */
        public void keep() {
            if (previousOrNull != null) {
                discard(previousOrNull);
            }
        }

        /**
         * Takes the new file back: the replaced copy returns under its name, or, for a new instance,
         * the name goes. Never throws: what it cannot undo it logs, and the start-up reconcile
         * quarantines what has no row.
         */
        public void undo() {
            try {
                if (previousOrNull != null) {
                    Files.move(previousOrNull, target, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(target);
                }
                if (fsync) {
                    directories.force(target.getParent());
                }
            } catch (IOException e) {
                LOG.error("cannot take back spool file {} after a failed store: {}", root.relativize(target),
                        e.toString());
            }
        }
    }

    /**
     * Creates missing parents one level at a time, forcing the directory that got a new entry now, or
     * (namesNow false) noting it for the slots' next group.
     */
    private void createDirectories(Path dir, boolean namesNow) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent(), namesNow);
        if (!namesNow) {
            // noted before the entry exists: an instance that finds the folder made by another
            // association is in a group that forces it (or a later one that still does)
            createdFolders.add(dir.getParent());
        }
        try {
            OwnerOnly.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return; // another association created it; it forces the parent itself
        }
        if (fsync && namesNow) {
            force(dir.getParent(), true);
        }
    }

    /**
     * Gives a file found complete in a slot after a crash its final name (a second link, the slot's own
     * name stays for the caller to remove), replacing what is there, and with fsync on forces every
     * folder that changed before returning. For the start-up reconcile. Blocking.
     */
    public Path putInPlace(Path slot, String relativePath) throws IOException {
        Path target = resolve(relativePath);
        createDirectories(target.getParent(), true);
        if (Files.exists(target) && Files.isSameFile(target, slot)) {
            // the name was made before the crash; only its folder's force may be missing
        } else {
            Path link = newTemporaryFile();
            Files.createLink(link, slot);
            Files.move(link, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        if (fsync) {
            Fsync.directory(target.getParent());
        }
        return target;
    }

    /** Deletes a temporary file after a failure; never throws, a leftover is cleaned at the next start. */
    public void discard(Path temporaryFile) {
        try {
            Files.deleteIfExists(temporaryFile);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}: {}", temporaryFile.getFileName(), e.toString());
        }
    }

    /**
     * Deletes these files (relative to the spool root; missing ones are skipped) and every folder they
     * leave empty up to the spool root, and with fsync on forces each changed folder, so that once this
     * returns the files stay gone after a power cut (the cleaner records a purge only after that: an
     * image that came back would otherwise be held with no row saying so). The root, {@code .incoming}
     * and the results area themselves stay. Blocking.
     *
     * @return how many of the files existed and were deleted
     * @throws IOException when a file cannot be deleted (the caller's purge stays unfinished and is retried)
     */
    public int removeAll(java.util.Collection<String> relativePaths) throws IOException {
        java.util.Set<Path> folders = new java.util.TreeSet<>(java.util.Comparator.comparingInt(Path::getNameCount)
                .reversed().thenComparing(Path::toString));
        int removed = 0;
        for (String relative : relativePaths) {
            Path file = resolve(relative);
            if (Files.deleteIfExists(file)) {
                removed++;
            }
            folders.add(file.getParent());
        }
        java.util.Set<Path> changed = new java.util.HashSet<>(folders);
        for (Path folder : folders) { // deepest first, so a series folder goes before its study folder
            removeEmptyUpwards(folder, changed);
        }
        if (fsync) {
            for (Path folder : changed) {
                if (Files.isDirectory(folder)) {
                    Fsync.directory(folder);
                }
            }
        }
        return removed;
    }

    private void removeEmptyUpwards(Path folder, java.util.Set<Path> changed) throws IOException {
        Path dir = folder;
        while (dir != null && dir.startsWith(root) && !dir.equals(root) && !dir.equals(incoming)
                && !dir.equals(resultsDir())) {
            try {
                if (!Files.deleteIfExists(dir)) {
                    return;
                }
            } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
                return; // another instance of the study or series lives here: the folder stays
            }
            dir = dir.getParent();
            changed.add(dir);
        }
    }

    /** {@code storage.fsync}: files and directories are forced to disk before a commit returns. */
    public boolean fsync() {
        return fsync;
    }

    /** {@code storage.maxInstanceBytes}: the most one instance's file may hold, File Meta Information included. */
    public long maxInstanceBytes() {
        return maxInstanceBytes;
    }

    /**
     * The free-space guard, asked before a new instance's first byte is written: refuses while the
     * file system holds less than {@code storage.minFreeBytes}, so that a filling disk turns senders
     * away with A700 (they retry later) before the database, the logs or a half-written instance
     * run into a full disk. An unreadable free space does not refuse: the write itself will tell.
     */
    public void requireFreeSpace() throws SpoolSpaceException {
        if (minFreeBytes <= 0) {
            return;
        }
        long free = freeBytes();
        if (free >= 0 && free < minFreeBytes) {
            throw new SpoolSpaceException(free, minFreeBytes);
        }
    }

    /** {@code storage.minFreeBytes}: below it new instances are refused; 0 when the guard is off. */
    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** The size of the spool's file system, or -1 when it cannot be read. */
    public long totalBytes() {
        try {
            return fileStore().getTotalSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    public long freeBytes() {
        try {
            return fileStore().getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The spool's file system, looked up once: finding it reads the mount table (every mount), which
     * the free-space guard did before every instance; asking it for space is one statvfs.
     */
    private FileStore fileStore() throws IOException {
        FileStore store = fileStore;
        if (store == null) {
            store = Files.getFileStore(root);
            fileStore = store;
        }
        return store;
    }

    private static void force(Path path, boolean directory) throws IOException {
        if (directory) {
            Fsync.directory(path);
        } else {
            Fsync.file(path);
        }
    }
}
