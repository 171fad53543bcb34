package org.varde.gateway.jobs;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The one place where H2 and PostgreSQL need different SQL: how a claim picks its candidate rows.
 * Everything else in the store is the same text on both.
 */
public enum SqlDialect {
    /**
     * Several nodes: lock exactly the rows to claim, skipping rows another claim has locked, so
     * concurrent claims take disjoint jobs without waiting for each other.
     */
    POSTGRESQL {
        @Override
        public String candidates(String select, int max) {
            return select + " FETCH FIRST " + max + " ROWS ONLY FOR UPDATE SKIP LOCKED";
        }
    },
    /**
     * One node (embedded H2). H2 2.5 accepts SKIP LOCKED, but when the ORDER BY is not served by an
     * index it cuts the rows to FETCH FIRST before it skips the locked ones, so a second concurrent
     * claim gets nothing although due jobs remain (checked against 2.5.252). Instead a wider window
     * is read without locks, and the version-checked UPDATE of each candidate decides: H2 waits for a
     * row another claim is changing and then re-evaluates the WHERE, so a taken row updates 0 rows.
     * The window leaves room for the rows that concurrent claims are taking at the same moment.
     */
    H2 {
        @Override
        public String candidates(String select, int max) {
            return select + " FETCH FIRST " + (4 * max + 64) + " ROWS ONLY";
        }
    };

    /** The due-jobs {@code select} (with its ORDER BY), limited for a claim of at most {@code max} jobs. */
    public abstract String candidates(String select, int max);

    /** The dialect of the database behind {@code dataSource}; anything but H2 is taken as PostgreSQL. */
    public static SqlDialect of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("h2") ? H2 : POSTGRESQL;
        } catch (SQLException e) {
            throw new JobStoreException("cannot reach the job store database", e);
        }
    }
}
