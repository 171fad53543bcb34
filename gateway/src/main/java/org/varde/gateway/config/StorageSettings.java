package org.varde.gateway.config;

import java.nio.file.Path;

/**
 * The {@code storage} section: everything the gateway keeps on disk lives below {@code dir}.
 *
 * @param dir   absolute; a relative value in the file is resolved against the config file's folder
 * @param fsync            force every received file and its directory to disk before answering success
 * @param minFreeBytes     a new instance is refused (A700) before its first byte is written while the
 *                         spool's file system has less free space than this; 0 turns the guard off
 * @param maxInstanceBytes an instance whose received bytes (File Meta Information included) exceed
 *                         this is refused (A700) and its partial file removed
 */
public record StorageSettings(Path dir, boolean fsync, long minFreeBytes, long maxInstanceBytes) {
    /** 1 GiB: room for a few large studies in flight, and for the database and logs beside them. */
    public static final long DEFAULT_MIN_FREE_BYTES = 1L << 30;
    /** 4 GiB: larger than any CT, MR or tomosynthesis object a modality sends in one C-STORE. */
    public static final long DEFAULT_MAX_INSTANCE_BYTES = 4L << 30;

    public StorageSettings withDir(Path newDir) {
        return new StorageSettings(newDir, fsync, minFreeBytes, maxInstanceBytes);
    }

    public StorageSettings withMinFreeBytes(long bytes) {
        return new StorageSettings(dir, fsync, bytes, maxInstanceBytes);
    }

    public StorageSettings withMaxInstanceBytes(long bytes) {
        return new StorageSettings(dir, fsync, minFreeBytes, bytes);
    }

    public Path spoolDir() {
        return dir.resolve("spool");
    }

    /**
     * Empty files made ahead of time for incoming instances (spool.Slots): beside the spool, on its
     * file system (when it is not, the spool works without them).
     */
    public Path slotsDir() {
        return dir.resolve("slots");
    }

    /** Files kept but not processed (conflicts, files the reconcile cannot journal): beside the spool. */
    public Path quarantineDir() {
        return dir.resolve("quarantine");
    }

    public Path databaseDir() {
        return dir.resolve("db");
    }
}
