package org.varde.gateway.config;

import java.util.Locale;
import java.util.Set;

/**
 * Which JDBC URLs {@code store.url} may hold: an allow-list of parameters, because a JDBC URL is
 * code as much as an address. H2's {@code INIT=RUNSCRIPT FROM 'http://…'} runs any SQL (and through
 * {@code CREATE ALIAS}, any Java) when the pool connects; {@code AUTO_SERVER} opens a TCP server;
 * PostgreSQL's driver instantiates a class named by {@code socketFactory}, {@code sslfactory} or
 * {@code authenticationPluginClassName} and writes wherever {@code loggerFile} says. Anything not
 * listed is refused with the key named, before a connection is made.
 */
final class JdbcUrlPolicy {
    /** H2 settings that only tune the embedded database (http://h2database.com/html/features.html). */
    static final Set<String> H2_SETTINGS = Set.of("WRITE_DELAY", "CACHE_SIZE", "LOCK_TIMEOUT", "DB_CLOSE_DELAY",
            "DB_CLOSE_ON_EXIT", "MAX_COMPACT_TIME", "DEFRAG_ALWAYS", "IFEXISTS", "RETENTION_TIME", "PAGE_SIZE");
    /** pgjdbc connection parameters that name no class and no file to write. */
    static final Set<String> POSTGRES_PARAMETERS = Set.of("user", "password", "currentSchema", "ssl", "sslmode",
            "sslrootcert", "sslcert", "sslkey", "connectTimeout", "socketTimeout", "loginTimeout", "tcpKeepAlive",
            "ApplicationName", "targetServerType", "gssEncMode", "channelBinding", "prepareThreshold",
            "reWriteBatchedInserts");
    /** libpq's sslmode values (PostgreSQL docs, 34.19.1), which pgjdbc takes as they are. */
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private JdbcUrlPolicy() {
    }

    /** @throws ConfigException naming {@code key} when the URL is not one Varde opens */
    static void check(String key, String url) throws ConfigException {
        if (url.startsWith("jdbc:h2:")) {
            checkH2(key, url);
        } else if (url.startsWith("jdbc:postgresql:")) {
            checkPostgres(key, url);
        } else {
            throw new ConfigException(key, "must be a postgresql://, jdbc:postgresql: or jdbc:h2: URL");
        }
    }

    private static void checkH2(String key, String url) throws ConfigException {
        String[] parts = url.split(";", -1);
        String location = parts[0].substring("jdbc:h2:".length());
        // an embedded file (or memory for tests); a remote H2 (tcp:, ssl:) or a zip is not a journal store
        if (location.startsWith("tcp:") || location.startsWith("ssl:") || location.startsWith("zip:")
                || location.startsWith("split:") || location.startsWith("nio")) {
            throw new ConfigException(key, "only an embedded H2 database (jdbc:h2:file:… or jdbc:h2:mem:…) is allowed");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            int eq = parts[i].indexOf('=');
            String setting = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).trim().toUpperCase(Locale.ROOT);
            if (!H2_SETTINGS.contains(setting)) {
                throw new ConfigException(key, "H2 setting " + setting + " is not allowed (allowed: "
                        + String.join(", ", sorted(H2_SETTINGS)) + ")");
            }
        }
    }

    private static void checkPostgres(String key, String url) throws ConfigException {
        int question = url.indexOf('?');
        if (question < 0) {
            return;
        }
        for (String pair : url.substring(question + 1).split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!POSTGRES_PARAMETERS.contains(name)) {
                throw new ConfigException(key, "PostgreSQL parameter " + name + " is not allowed (allowed: "
                        + String.join(", ", sorted(POSTGRES_PARAMETERS)) + ")");
            }
            if (name.equals("sslmode") && !SSL_MODES.contains(eq < 0 ? "" : pair.substring(eq + 1))) {
                throw new ConfigException(key, "sslmode must be one of " + String.join(", ", sorted(SSL_MODES)));
            }
        }
    }

    /** True when the URL names sslmode itself. */
    static boolean namesSslMode(String url) {
        int question = url.indexOf('?');
        return question >= 0 && ("&" + url.substring(question + 1)).contains("&sslmode=");
    }

    private static java.util.List<String> sorted(Set<String> names) {
        return names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }
}
