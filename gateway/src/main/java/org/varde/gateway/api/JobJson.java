package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobEvent;
import org.varde.gateway.results.ResultObject;
import org.varde.gateway.results.StoredResult;

import java.time.Instant;
import java.util.List;

/** The API's JSON shapes of jobs and their events. Field names are a public contract: add, never rename. */
final class JobJson {
    private JobJson() {
    }

    static JsonObject job(Job j) {
        return new JsonObject()
                .put("id", j.id())
                .put("studyInstanceUid", j.studyInstanceUid())
                .put("algorithm", j.algorithmId())
                .put("route", j.routeName())
                .put("mode", j.mode().word())
                .put("generation", j.generation())
                .put("idempotencyKey", j.idempotencyKey())
                .put("state", j.state().name())
                .put("attempts", j.attempts())
                .put("maxAttempts", j.maxAttempts())
                .put("nextAttemptAt", text(j.nextAttemptAt()))
                .put("leaseOwner", j.leaseOwner())
                .put("leaseExpiresAt", text(j.leaseExpiresAt()))
                .put("lastError", j.lastError())
                .put("selectedSeries", new JsonArray(j.selectedSeries()))
                .put("createdAt", text(j.createdAt()))
                .put("updatedAt", text(j.updatedAt()));
    }

    static JsonObject job(Job j, List<JobEvent> events) {
        JsonArray list = new JsonArray();
        events.forEach(e -> list.add(event(e)));
        return job(j).put("events", list);
    }

    /**
     * {@code result}: the job's result (its newest), or null; {@code results}: every result it had,
     * newest first (a replayed job may have had a quarantined one); {@code resultObjects}: what the
     * vendor sent, as kept for audit.
     */
    static JsonObject withResults(JsonObject job, List<StoredResult> results, List<ResultObject> objects) {
        JsonArray all = new JsonArray();
        results.forEach(r -> all.add(r.toJson()));
        JsonArray raw = new JsonArray();
        objects.forEach(o -> raw.add(o.toJson()));
        return job.put("result", results.isEmpty() ? null : results.get(0).toJson())
                .put("results", all)
                .put("resultObjects", raw);
    }

    static JsonObject event(JobEvent e) {
        return new JsonObject()
                .put("sequence", e.sequence())
                .put("from", e.from() == null ? null : e.from().name())
                .put("to", e.to().name())
                .put("at", text(e.at()))
                .put("node", e.node())
                .put("detail", e.detail());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
