package org.varde.gateway.value;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The live part of the value figures: for each algorithm of the catalogue, whether its flag rate
 * drifted out of its p-chart limits ({@link FlagRateChart}), whether it falls silent while studies
 * its routes match keep arriving, and whether its results stopped. Computed from the recorded rows
 * (results, routing_decisions, usage_ledger) by {@link #check()} on a worker; the newest answer is
 * kept for the metrics and the overview's alerts.
 */
public final class AlgorithmWatch {
    private final DataSource dataSource;
    private final Supplier<Collection<String>> algorithms;
    private final WatchSettings settings;
    private final Clock clock;
    private volatile Map<String, AlgorithmReport> latest = Map.of();

    public AlgorithmWatch(DataSource dataSource, Supplier<Collection<String>> algorithms, WatchSettings settings,
                          Clock clock) {
        this.dataSource = dataSource;
        this.algorithms = algorithms;
        this.settings = settings;
        this.clock = clock;
    }

    public WatchSettings settings() {
        return settings;
    }

    /** Looks at every algorithm of the catalogue now. Blocking. */
    public Map<String, AlgorithmReport> check() throws SQLException {
        Instant now = clock.instant();
        Map<String, AlgorithmReport> reports = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (String algorithm : algorithms.get()) {
                reports.put(algorithm, report(c, algorithm, now));
            }
        }
        // sorted by algorithm, so alerts and metrics list them in a stable order
        latest = Collections.unmodifiableMap(reports);
        return reports;
    }

    /** The newest reports, by algorithm; empty before the first check. */
    public Map<String, AlgorithmReport> latest() {
        return latest;
    }

    private AlgorithmReport report(Connection c, String algorithm, Instant now) throws SQLException {
        Instant windowStart = now.minus(settings.driftWindow());
        long[] window = flags(c, algorithm, windowStart, now);
        long[] baseline = flags(c, algorithm, windowStart.minus(settings.driftBaseline()), windowStart);
        FlagRateChart chart = new FlagRateChart(baseline[0], baseline[1], window[0], window[1],
                settings.minBaselineResults(), settings.minWindowResults(), settings.driftSigmas());
        Instant silenceStart = now.minus(settings.silenceWindow());
        long matched = count(c, "SELECT COUNT(*) FROM routing_decisions WHERE algorithm_id = ? AND outcome IN "
                + "('SEND', 'GUARD_REFUSED') AND decided_at >= ? AND decided_at < ?", algorithm, silenceStart, now);
        long refused = count(c, "SELECT COUNT(*) FROM routing_decisions WHERE algorithm_id = ? AND outcome = "
                + "'GUARD_REFUSED' AND decided_at >= ? AND decided_at < ?", algorithm, silenceStart, now);
        String dispatches = "SELECT COUNT(*) FROM usage_ledger WHERE algorithm_id = ? AND dispatched_at >= ? "
                + "AND dispatched_at < ?";
        long dispatched = count(c, dispatches, algorithm, silenceStart, now);
        long dispatchedBeforeGrace = count(c, dispatches, algorithm, silenceStart, now.minus(settings.resultGrace()));
        long results = count(c, "SELECT COUNT(*) FROM results WHERE algorithm_id = ? AND received_at >= ? "
                + "AND received_at <= ?", algorithm, silenceStart, now);
        return new AlgorithmReport(algorithm, now.truncatedTo(ChronoUnit.SECONDS).toString(), chart, matched, refused,
                dispatched, dispatchedBeforeGrace, results, settings.minSilentStudies());
    }

    /** {positives, results}: RECEIVED results in [from, to), as the value figures' flag rate counts them. */
    private static long[] flags(Connection c, String algorithm, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT SUM(CASE WHEN verdict = 'positive' THEN 1 ELSE 0 END), "
                + "COUNT(*) FROM results WHERE algorithm_id = ? AND status = 'RECEIVED' AND received_at >= ? "
                + "AND received_at < ?", algorithm, from, to); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private static long count(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, sql, values); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The overview's alerts from the newest reports: FLAG_RATE_DRIFT, ROUTING_SILENCE and
     * RESULTS_STOPPED, one per algorithm, in the overview's shape plus the algorithm.
     */
    public JsonArray alerts() {
        JsonArray alerts = new JsonArray();
        for (AlgorithmReport r : latest.values()) {
            FlagRateChart chart = r.chart();
            if (r.drift()) {
                alerts.add(alert("FLAG_RATE_DRIFT", r, String.format(Locale.ROOT, "%s flagged %s of %d studies in the "
                        + "last %s, outside its control limits %s–%s (baseline %s of %d): check the algorithm's version, "
                        + "the scanners and the population it sees", r.algorithm(), percent(chart.windowRate()),
                        chart.windowN(), hours(settings.driftWindow()), percent(chart.lowerLimit()),
                        percent(chart.upperLimit()), percent(chart.centre()), chart.baselineN())));
            }
            if (r.routingSilence()) {
                alerts.add(alert("ROUTING_SILENCE", r, String.format(Locale.ROOT, "%s received nothing in the last %s "
                        + "although its routes matched %d studies (%d refused by the intended-use guard)", r.algorithm(),
                        hours(settings.silenceWindow()), r.matched(), r.guardRefused())));
            }
            if (r.resultsStopped()) {
                alerts.add(alert("RESULTS_STOPPED", r, String.format(Locale.ROOT, "%s returned no result in the last "
                        + "%s although %d studies were dispatched to it", r.algorithm(), hours(settings.silenceWindow()),
                        r.dispatchedBeforeGrace())));
            }
        }
        return alerts;
    }

    private static JsonObject alert(String kind, AlgorithmReport r, String text) {
        return new JsonObject().put("kind", kind).put("count", 1).put("text", text).put("page", "#/algorithms")
                .put("algorithm", r.algorithm());
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v * 100);
    }

    private static String hours(java.time.Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    /** The reports as the API shows them. */
    public JsonArray toJson() {
        JsonArray all = new JsonArray();
        List.copyOf(latest.values()).forEach(r -> all.add(r.toJson()));
        return all;
    }
}
