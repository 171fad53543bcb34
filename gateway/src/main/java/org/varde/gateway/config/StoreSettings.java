package org.varde.gateway.config;

import java.time.Duration;

/**
 * The {@code store} section: the JDBC database that holds the journal and, later, the jobs.
 * The default is an embedded H2 file below {@code storage.dir/db}.
 *
 * @param sslModeOrNull PostgreSQL's {@code sslmode} (libpq values) handed to the driver; null: the driver's default
 * @param commitDelay   {@code store.commitDelayMillis}: how long a received instance's journal row may wait to be
 *                      committed together with others (its spool file is already durable, see docs/performance.md)
 */
public record StoreSettings(String url, String user, String password, String sslModeOrNull, Duration commitDelay) {
    public static final Duration DEFAULT_COMMIT_DELAY = Duration.ofMillis(100);

    public StoreSettings(String url, String user, String password) {
        this(url, user, password, null);
    }

    public StoreSettings(String url, String user, String password, String sslModeOrNull) {
        this(url, user, password, sslModeOrNull, DEFAULT_COMMIT_DELAY);
    }

    static String embeddedUrl(StorageSettings storage) {
        // WRITE_DELAY=0: H2 otherwise keeps commits in memory up to a second, and a journal row
        // must reach the OS before the C-STORE success is answered. One process owns the file.
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database while Varde's stop
        // still commits the last group of journal rows (JVM hooks run concurrently); Varde closes it.
        return "jdbc:h2:file:" + storage.databaseDir().resolve("varde").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }
}
