package org.varde.gateway.value;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.MutableClock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drift and silence from rows inserted as the stages write them, with the default windows (drift:
 * the last 24 h against the 28 days before; silence: the last 2 h, results expected after 30 min).
 * drifting: baseline 10 positives of 100, window 9 of 25 (0.36 above the upper limit 0.28).
 * steady: the same baseline, window 3 of 25. silent: its routes matched 3 studies in the last
 * hour (one refused by the guard), none dispatched. stopped: 3 dispatched an hour ago, no result.
 */
class AlgorithmWatchTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path tmp;
    JdbcJournal journal;
    ValueRows rows;
    AlgorithmWatch watch;
    int studies;

    @BeforeEach
    void open() {
        journal = JdbcJournal.open(GatewayConfig.forTests(tmp).store());
        rows = new ValueRows(journal.dataSource());
        watch = new AlgorithmWatch(journal.dataSource(), () -> List.of("drifting", "steady", "silent", "stopped"),
                WatchSettings.DEFAULTS, new MutableClock(NOW));
    }

    @AfterEach
    void close() {
        journal.close();
    }

    /** {@code n} results of the algorithm, {@code positives} of them positive, received {@code ago} before now. */
    void results(String algorithm, int n, int positives, Duration ago) throws Exception {
        for (int i = 0; i < n; i++) {
            Instant received = NOW.minus(ago).plusSeconds(i);
            Job job = rows.dispatched("1.2.8." + (++studies), algorithm, "ct", RouteMode.CLINICAL, "nord",
                    received.minusSeconds(60));
            rows.result(job, i < positives ? "positive" : "negative", received);
        }
    }

    @Test
    void driftSilenceAndStoppedResultsAreFoundFromTheRecordedRows() throws Exception {
        results("drifting", 100, 10, Duration.ofDays(10));
        results("drifting", 25, 9, Duration.ofHours(5));
        results("steady", 100, 10, Duration.ofDays(10));
        results("steady", 25, 3, Duration.ofHours(5));
        rows.decision("9.1", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofMinutes(50)));
        rows.decision("9.2", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofMinutes(40)));
        rows.decision("9.3", "ct", "silent", "GUARD_REFUSED", "clinical", "PatientAge [18, 120] years", "study",
                NOW.minus(Duration.ofMinutes(30)));
        rows.decision("9.4", "ct", "steady", "SEND", "clinical", null, null, NOW.minus(Duration.ofMinutes(30)));
        for (int i = 0; i < 3; i++) {
            rows.dispatched("9.5." + i, "stopped", "ct", RouteMode.CLINICAL, "nord", NOW.minus(Duration.ofMinutes(60 + i)));
        }

        Map<String, AlgorithmReport> reports = watch.check();
        AlgorithmReport drifting = reports.get("drifting");
        assertTrue(drifting.drift());
        assertEquals(0.36, drifting.chart().windowRate(), 1e-12);
        assertEquals(0.28, drifting.chart().upperLimit(), 1e-12);
        assertFalse(reports.get("steady").drift());
        assertFalse(reports.get("steady").routingSilence(), "one matched study is below the minimum of 3");
        assertTrue(reports.get("silent").routingSilence());
        assertEquals(1, reports.get("silent").guardRefused());
        assertFalse(reports.get("silent").resultsStopped());
        assertTrue(reports.get("stopped").resultsStopped());
        assertFalse(reports.get("stopped").routingSilence(), "nothing matched its routes in the window: no studies to miss");
        assertFalse(reports.get("drifting").resultsStopped(), "its results came");

        JsonArray alerts = watch.alerts();
        assertEquals(List.of("FLAG_RATE_DRIFT drifting", "ROUTING_SILENCE silent", "RESULTS_STOPPED stopped"),
                alerts.stream().map(a -> ((JsonObject) a).getString("kind") + " " + ((JsonObject) a)
                        .getString("algorithm")).toList(), alerts.encodePrettily());
        assertTrue(alerts.getJsonObject(0).getString("text").contains("36.0 %"), alerts.encodePrettily());
        assertTrue(alerts.getJsonObject(0).getString("text").contains("0.0 %–28.0 %"), alerts.encodePrettily());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new WatchMetrics(registry, watch).register(reports.keySet());
        assertEquals(1.0, registry.get("varde.value.drift").tag("algorithm", "drifting").gauge().value());
        assertEquals(0.0, registry.get("varde.value.drift").tag("algorithm", "steady").gauge().value());
        assertEquals(0.36, registry.get("varde.value.flag.rate").tag("algorithm", "drifting").gauge().value(), 1e-12);
        assertEquals(0.28, registry.get("varde.value.flag.rate.upper.limit").tag("algorithm", "drifting").gauge()
                .value(), 1e-12);
        assertEquals(1.0, registry.get("varde.value.routing.silence").tag("algorithm", "silent").gauge().value());
        assertEquals(1.0, registry.get("varde.value.results.stopped").tag("algorithm", "stopped").gauge().value());
        assertTrue(Double.isNaN(registry.get("varde.value.flag.rate").tag("algorithm", "silent").gauge().value()),
                "no results, no rate");
    }

    /** The watch over the same rows with the windows of a {@code value.watch:} block, as the config reads it. */
    AlgorithmWatch configured(String block) throws Exception {
        WatchSettings settings = ConfigLoader.parse("value:\n  watch:\n" + block.indent(4), tmp).watch();
        return new AlgorithmWatch(journal.dataSource(), () -> List.of("drifting", "silent", "stopped"), settings,
                new MutableClock(NOW));
    }

    @Test
    void configuredWindowsChangeTheOutcome() throws Exception {
        results("drifting", 100, 10, Duration.ofDays(10));
        results("drifting", 25, 9, Duration.ofHours(5));
        rows.decision("9.1", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofMinutes(50)));
        rows.decision("9.2", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofMinutes(40)));
        rows.decision("9.3", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofMinutes(30)));
        for (int i = 0; i < 3; i++) {
            rows.dispatched("9.5." + i, "stopped", "ct", RouteMode.CLINICAL, "nord", NOW.minus(Duration.ofMinutes(60 + i)));
        }
        Map<String, AlgorithmReport> defaults = configured("every: 1m").check();
        assertTrue(defaults.get("drifting").drift());
        assertTrue(defaults.get("silent").routingSilence());
        assertTrue(defaults.get("stopped").resultsStopped());

        // 5 sigma: 0.10 + 5 x sqrt(0.1 x 0.9 / 25) = 0.40, above the window's 0.36
        AlgorithmReport wide = configured("driftSigmas: 5").check().get("drifting");
        assertEquals(0.40, wide.chart().upperLimit(), 1e-12);
        assertFalse(wide.drift());
        // a 4 h window: the 25 results of 5 h ago fall into the baseline, none in the window: undecidable
        AlgorithmReport shortWindow = configured("driftWindow: 4h").check().get("drifting");
        assertEquals(0, shortWindow.chart().windowN());
        assertEquals(125, shortWindow.chart().baselineN());
        assertFalse(shortWindow.drift());
        // the same 3 matched studies need 4 to be silence; a 45 min window holds 2 of them and none of the dispatches
        assertFalse(configured("minSilentStudies: 4").check().get("silent").routingSilence());
        Map<String, AlgorithmReport> shortSilence = configured("silenceWindow: 45m\nresultGrace: 10m").check();
        assertEquals(2, shortSilence.get("silent").matched());
        assertFalse(shortSilence.get("silent").routingSilence());
        assertFalse(shortSilence.get("stopped").resultsStopped());
    }

    @Test
    void aLongerSilenceWindowStillSeesStudiesOfThreeHoursAgo() throws Exception {
        for (int i = 1; i <= 3; i++) {
            rows.decision("9." + i, "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofHours(3)));
        }
        AlgorithmWatch fourHours = configured("silenceWindow: 4h");
        assertTrue(fourHours.check().get("silent").routingSilence());
        assertTrue(fourHours.alerts().getJsonObject(0).getString("text").contains("in the last 4 h"),
                fourHours.alerts().encodePrettily());
    }

    @Test
    void oldSilenceIsForgottenOnceTheWindowMovesOn() throws Exception {
        rows.decision("9.1", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofHours(3)));
        rows.decision("9.2", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofHours(3)));
        rows.decision("9.3", "ct", "silent", "SEND", "clinical", null, null, NOW.minus(Duration.ofHours(3)));
        assertFalse(watch.check().get("silent").routingSilence(), "3 h ago is outside the 2 h window");
        assertEquals(0, watch.alerts().size());
    }
}
