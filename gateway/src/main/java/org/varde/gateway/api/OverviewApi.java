package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.assembly.StageCounts;
import org.varde.gateway.delivery.DeliveryState;
import org.varde.gateway.dispatch.BreakerState;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.results.ResultState;
import org.varde.gateway.results.StoredResult;
import org.varde.gateway.spool.Spool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /api/overview} (viewer): what the operator's first page shows, in one answer. Counts
 * only, never an identity: studies by assembly stage, jobs by state, the alerts that need a person,
 * and results per hour with their latency over the last {@link #HOURS} hours.
 */
final class OverviewApi {
    static final int HOURS = 12;
    /** The hourly figures read this many newest results: enough for a department's half day, bounded. */
    static final int RESULTS_READ = 500;
    static final int QUARANTINED_READ = 1000;

    private final Vertx vertx;
    private final Pipeline pipeline;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final Clock clock;

    OverviewApi(Vertx vertx, Pipeline pipeline, Spool spool, GatewayMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.spool = spool;
        this.metrics = metrics;
        this.clock = clock;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/overview", Role.VIEWER, this::overview);
    }

    private void overview(RoutingContext ctx) {
        Future<StageCounts> stages = pipeline.studyStages();
        Future<JsonObject> stored = vertx.executeBlocking(this::storedFacts, false);
        Future.all(stages, stored).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
                return;
            }
            JsonObject body = stored.result();
            StageCounts s = stages.result();
            body.put("studies", new JsonObject().put("assembling", s.assembling())
                    .put("awaitingRouting", s.awaitingRouting()).put("complete", s.complete()));
            body.put("breakers", breakers());
            body.put("alerts", Alerts.of(body, s, pipeline.configStatus()).addAll(pipeline.valueAlerts()));
            Responses.json(ctx, body.encode());
        });
    }

    /** Job counts, results per hour, spool and quarantine: all read from the store or disk, so on a worker. */
    private JsonObject storedFacts() {
        Map<JobState, Long> counts = pipeline.jobStore().countsByState();
        JsonObject jobs = new JsonObject();
        for (JobState state : JobState.values()) {
            jobs.put(state.name(), counts.getOrDefault(state, 0L));
        }
        long quarantinedResults = pipeline.results().list(ResultState.QUARANTINED, null, QUARANTINED_READ).size();
        JsonObject deliveries = null;
        if (pipeline.delivery() != null) {
            Map<DeliveryState, Long> byState = pipeline.delivery().store().countsByState();
            deliveries = new JsonObject();
            for (DeliveryState state : DeliveryState.values()) {
                deliveries.put(state.name(), byState.getOrDefault(state, 0L));
            }
        }
        return new JsonObject()
                .put("deliveries", deliveries)
                .put("generatedAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("jobs", jobs)
                .put("quarantinedResults", quarantinedResults)
                .put("quarantinedFiles", metrics.quarantinedFiles())
                .put("ingestConflicts", ingestConflicts())
                .put("spool", new JsonObject().put("freeBytes", spool.freeBytes()).put("totalBytes", spool.totalBytes())
                        .put("minFreeBytes", spool.minFreeBytes()))
                .put("hourly", hourly());
    }

    private long ingestConflicts() {
        var counter = metrics.registry().find("varde.ingest.conflicts").counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private JsonObject breakers() {
        JsonObject breakers = new JsonObject();
        new TreeMap<>(pipeline.breakerStates()).forEach((algorithm, state) -> breakers.put(algorithm, state.name()));
        return breakers;
    }

    /**
     * Results received per hour, and how long they took from the job's creation (the study routed)
     * to the result: median and 90th percentile in seconds. Hours without results are listed with 0.
     */
    private JsonArray hourly() {
        Instant now = clock.instant();
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1L));
        Map<Instant, List<Double>> latencies = new TreeMap<>();
        for (int h = 0; h < HOURS; h++) {
            latencies.put(firstHour.plus(Duration.ofHours(h)), new ArrayList<>());
        }
        Map<String, Optional<Job>> jobs = new HashMap<>();
        for (StoredResult result : pipeline.results().list(null, null, RESULTS_READ)) {
            if (result.receivedAt().isBefore(firstHour)) {
                continue;
            }
            List<Double> bucket = latencies.get(result.receivedAt().truncatedTo(ChronoUnit.HOURS));
            Optional<Job> job = jobs.computeIfAbsent(result.jobId(), id -> pipeline.jobStore().get(id));
            if (bucket != null && job.isPresent()) {
                bucket.add(Duration.between(job.get().createdAt(), result.receivedAt()).toMillis() / 1000.0);
            }
        }
        JsonArray hours = new JsonArray();
        latencies.forEach((hour, seconds) -> {
            seconds.sort(Double::compare);
            hours.add(new JsonObject().put("hour", hour.toString()).put("results", seconds.size())
                    .put("latencyP50Seconds", percentile(seconds, 0.5))
                    .put("latencyP90Seconds", percentile(seconds, 0.9)));
        });
        return hours;
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The alerts a person must act on, each with what it counts and the page that shows it. */
    static final class Alerts {
        /** Nearly full: less than twice the refusal threshold, or under 5 % of the file system. */
        static final double NEARLY_FULL_FRACTION = 0.05;

        private Alerts() {
        }

        static JsonArray of(JsonObject facts, StageCounts stages, JsonObject configStatus) {
            JsonArray alerts = new JsonArray();
            long deadLetters = facts.getJsonObject("jobs").getLong(JobState.DEAD_LETTER.name());
            add(alerts, "DEAD_LETTERS", deadLetters, deadLetters + " job(s) gave up and wait for an operator",
                    "#/dead-letters");
            JsonObject deliveries = facts.getJsonObject("deliveries");
            long deadDeliveries = deliveries == null ? 0 : deliveries.getLong(DeliveryState.DEAD_LETTER.name(), 0L);
            add(alerts, "DELIVERY_DEAD_LETTERS", deadDeliveries, deadDeliveries
                    + " result deliveries (PACS, RIS) gave up and wait for an operator", "#/dead-letters");
            long quarantined = facts.getLong("quarantinedResults");
            add(alerts, "QUARANTINED_RESULTS", quarantined,
                    quarantined + " result(s) from an algorithm version other than the approved one", "#/algorithms");
            long files = facts.getLong("quarantinedFiles");
            add(alerts, "QUARANTINED_FILES", files,
                    files + " received file(s) kept aside (conflicting resend or not journaled)", "#/overview");
            long conflicts = facts.getLong("ingestConflicts");
            add(alerts, "INGEST_CONFLICTS", conflicts,
                    conflicts + " resend(s) since start named another patient or study under a stored SOP Instance UID",
                    "#/overview");
            List<String> open = new ArrayList<>();
            facts.getJsonObject("breakers", new JsonObject()).forEach(b -> {
                if (!BreakerState.CLOSED.name().equals(b.getValue())) {
                    open.add(b.getKey());
                }
            });
            add(alerts, "BREAKER_OPEN", open.size(), "circuit breaker not closed for " + String.join(", ", open)
                    + ": dispatches fail fast", "#/algorithms");
            if (stages.awaitingRouting() > 0) {
                add(alerts, "AWAITING_ROUTING", stages.awaitingRouting(),
                        stages.awaitingRouting() + " completed study generation(s) not routed yet", "#/studies");
            }
            JsonObject spool = facts.getJsonObject("spool");
            if (nearlyFull(spool.getLong("freeBytes"), spool.getLong("totalBytes"), spool.getLong("minFreeBytes"))) {
                add(alerts, "SPOOL_NEARLY_FULL", 1, "the spool has " + spool.getLong("freeBytes") / (1024 * 1024)
                        + " MiB free", "#/overview");
            }
            if (configStatus != null && !configStatus.getBoolean("ok", true)) {
                add(alerts, "CONFIG_REFUSED", 1, "the last config reload was refused: "
                        + configStatus.getString("lastError"), "#/routes");
            }
            return alerts;
        }

        static boolean nearlyFull(long free, long total, long minFree) {
            if (free < 0) {
                return false;
            }
            return (minFree > 0 && free < 2 * minFree) || (total > 0 && free < total * NEARLY_FULL_FRACTION);
        }

        private static void add(JsonArray alerts, String kind, long count, String text, String page) {
            if (count > 0) {
                alerts.add(new JsonObject().put("kind", kind).put("count", count).put("text", text).put("page", page));
            }
        }
    }
}
