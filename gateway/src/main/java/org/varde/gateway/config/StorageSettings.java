package org.varde.gateway.config;

import java.nio.file.Path;

/**
 * The {@code storage} section: everything the gateway keeps on disk lives below {@code dir}.
 *
 * @param dir   absolute; a relative value in the file is resolved against the config file's folder
 * @param fsync force every received file and its directory to disk before answering success
 */
public record StorageSettings(Path dir, boolean fsync) {
    public Path spoolDir() {
        return dir.resolve("spool");
    }

    /** Files kept but not processed (conflicts, files the reconcile cannot journal): beside the spool. */
    public Path quarantineDir() {
        return dir.resolve("quarantine");
    }

    public Path databaseDir() {
        return dir.resolve("db");
    }
}
