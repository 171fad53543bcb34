package org.varde.gateway.value;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Which figures to count: a period ({@code from} inclusive, {@code to} exclusive) and the optional
 * splits by algorithm, route, site and mode ({@code CLINICAL} or {@code SHADOW}); null means all.
 */
public record Filter(String algorithm, String route, Instant from, Instant to, String site, String mode) {

    public Filter {
        mode = mode == null ? null : mode.toUpperCase(Locale.ROOT);
    }

    /** The columns (or expressions) a table holds the four splits in; null where a table has none. */
    record Columns(String algorithm, String route, String site, String mode) {
    }

    /**
     * The period on {@code timeColumn} and the splits as {@code AND column = ?}, the values appended
     * to {@code values}: the columns are ours, only the values come from the caller.
     */
    String where(String timeColumn, Columns columns, List<Object> values) {
        StringBuilder sql = new StringBuilder(timeColumn).append(" >= ? AND ").append(timeColumn).append(" < ?");
        values.add(from);
        values.add(to);
        and(sql, columns.algorithm(), algorithm, values);
        and(sql, columns.route(), route, values);
        and(sql, columns.site(), site, values);
        and(sql, columns.mode(), mode, values);
        return sql.toString();
    }

    private static void and(StringBuilder sql, String column, String value, List<Object> values) {
        if (value != null && column != null) {
            sql.append(" AND ").append(column).append(" = ?");
            values.add(value);
        }
    }
}
