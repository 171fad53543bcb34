package org.varde.gateway.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.store.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.varde.gateway.store.Jdbc.instant;

/** The mapping between the {@code jobs} / {@code job_events} rows and {@link Job} / {@link JobEvent}. */
final class JobRows {
    static final String JOB_COLUMNS = "id, study_instance_uid, algorithm_id, route_name, mode, generation, "
            + "idempotency_key, state, attempts, max_attempts, next_attempt_at, lease_owner, lease_expires_at, "
            + "last_error, selected_series, created_at, updated_at, version";
    static final String EVENT_COLUMNS = "id, job_id, from_state, to_state, occurred_at, node, detail";
    /** The width of {@code last_error} and {@code job_events.detail}. */
    static final int TEXT_WIDTH = 2000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };

    private JobRows() {
    }

    static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                RouteMode.valueOf(rs.getString(5)), rs.getInt(6), rs.getString(7), JobState.valueOf(rs.getString(8)),
                rs.getInt(9), rs.getInt(10), instant(rs, 11), rs.getString(12), instant(rs, 13), rs.getString(14),
                series(rs.getString(15)), instant(rs, 16), instant(rs, 17), rs.getLong(18));
    }

    static JobEvent event(ResultSet rs) throws SQLException {
        String from = rs.getString(3);
        return new JobEvent(rs.getLong(1), rs.getString(2), from == null ? null : JobState.valueOf(from),
                JobState.valueOf(rs.getString(4)), instant(rs, 5), rs.getString(6), rs.getString(7));
    }

    static String seriesJson(List<String> series) {
        try {
            return JSON.writeValueAsString(series);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    private static List<String> series(String json) throws SQLException {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("selected_series is not a JSON array of strings", e);
        }
    }

    /** Error texts from peers can be long; the column keeps their beginning. */
    static String bound(String text) {
        return Jdbc.bound(text, TEXT_WIDTH);
    }
}
