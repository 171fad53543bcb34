package org.varde.gateway.config;

/**
 * The {@code store} section: the JDBC database that holds the journal and, later, the jobs.
 * The default is an embedded H2 file below {@code storage.dir/db}.
 *
 * @param sslModeOrNull PostgreSQL's {@code sslmode} (libpq values) handed to the driver; null: the driver's default
 */
public record StoreSettings(String url, String user, String password, String sslModeOrNull) {
    public StoreSettings(String url, String user, String password) {
        this(url, user, password, null);
    }

    static String embeddedUrl(StorageSettings storage) {
        // WRITE_DELAY=0: H2 otherwise keeps commits in memory up to a second, and a journal row
        // must reach the OS before the C-STORE success is answered. One process owns the file.
        return "jdbc:h2:file:" + storage.databaseDir().resolve("varde").toAbsolutePath() + ";WRITE_DELAY=0";
    }
}
