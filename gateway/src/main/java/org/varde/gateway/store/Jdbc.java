package org.varde.gateway.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Transactions, timestamps and parameters the same way on H2 and PostgreSQL, for the stores on JDBC
 * (jobs, study assembly, routing decisions). Timestamps are {@code TIMESTAMP WITH TIME ZONE} columns
 * written and read as UTC {@link OffsetDateTime}s, which both drivers map without a zone surprise.
 */
public final class Jdbc {
    // SQLSTATE 23505 unique_violation: the same in H2 and PostgreSQL
    public static final String UNIQUE_VIOLATION = "23505";

    private Jdbc() {
    }

    /** Work on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public static <T> T transaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The insert met a row with the same unique key. */
    public static boolean isDuplicate(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** Binds {@code values} in order from index 1 (Strings, Integers, Longs, Booleans and Instants) and runs the update. */
    public static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, values)) {
            return ps.executeUpdate();
        }
    }

    /** A statement with {@code values} bound in order from index 1 (Strings, Integers, Longs, Booleans and Instants). */
    public static PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v instanceof Instant t) {
                    setInstant(ps, i + 1, t);
                } else if (v instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (v instanceof Long n) {
                    ps.setLong(i + 1, n);
                } else if (v instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else {
                    ps.setString(i + 1, storable((String) v));
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * The beginning of {@code value} that fits a column of {@code max} characters (texts from peers can be
     * long), as {@link #storable} text.
     */
    public static String bound(String value, int max) {
        String text = storable(value);
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /**
     * {@code value} with each NUL (U+0000) as a space. PostgreSQL's text cannot hold a NUL ("invalid byte
     * sequence for encoding UTF8: 0x00") and H2's can, so without this an instance whose sender separated
     * or padded a value with NULs was journaled on one store and never on the other.
     */
    public static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', ' ');
    }
}
