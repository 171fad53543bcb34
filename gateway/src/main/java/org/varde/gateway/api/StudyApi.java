package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.assembly.ExplicitCompletion;
import org.varde.gateway.assembly.StudyStatus;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/studies/{uid}}: what arrived (from the journal) and, when the pipeline runs, where its
 * completion stands, what the router decided and why, and its jobs with their events; and
 * {@code POST /api/studies/{uid}/complete}, the explicit completion trigger.
 */
final class StudyApi {
    private final Vertx vertx;
    private final Journal journal;
    private final Pipeline pipeline;
    private ApiAudit audit = ApiAudit.NONE;

    /** @param pipeline null when only ingest runs: the study shows what arrived */
    StudyApi(Vertx vertx, Journal journal, Pipeline pipeline) {
        this.vertx = vertx;
        this.journal = journal;
        this.pipeline = pipeline;
    }

    /** Identity reads and explicit completions are audited there. */
    StudyApi audited(ApiAudit apiAudit) {
        this.audit = apiAudit;
        return this;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/studies/:studyUid", Role.VIEWER, this::study);
        if (pipeline != null) {
            routes.post("/api/studies/:studyUid/complete", Role.OPERATOR, this::complete);
        }
    }

    private void study(RoutingContext ctx) {
        String studyUid = Responses.studyUid(ctx);
        if (studyUid == null) {
            return;
        }
        boolean identity = Authenticator.caller(ctx).role().seesIdentity();
        vertx.executeBlocking(() -> journal.instancesOfStudy(studyUid), false)
                .compose(instances -> instances.isEmpty() ? Future.succeededFuture(Optional.<JsonObject>empty())
                        : withOrchestration(studyUid, instances, identity).map(Optional::of))
                .onComplete(result -> {
                    if (result.failed()) {
                        Responses.fail(ctx, result.cause());
                    } else if (result.result().isEmpty()) {
                        Responses.error(ctx, 404, "unknown study");
                    } else {
                        JsonObject study = result.result().get();
                        if (identity) {
                            audit.identityRead(ctx, studyUid, "study with patient identity");
                        }
                        Responses.json(ctx, (identity ? study : IdentityRedaction.study(study)).encode());
                    }
                });
    }

    /** Every delivery of the study's results, each with its state and history. */
    private static JsonArray deliveries(org.varde.gateway.delivery.DeliveryStage stage, String studyUid, boolean identity) {
        JsonArray list = new JsonArray();
        if (stage != null) {
            stage.store().forStudy(studyUid).forEach(d -> list.add(DeliveriesApi.withHistory(stage.store(), d, identity)));
        }
        return list;
    }

    private Future<JsonObject> withOrchestration(String studyUid, List<InstanceRecord> instances, boolean identity) {
        JsonObject study = StudyJson.study(instances);
        if (pipeline == null) {
            return Future.succeededFuture(study);
        }
        Future<Optional<StudyStatus>> status = pipeline.studyStatus(studyUid);
        Future<JsonArray> decisions = pipeline.decisions(studyUid);
        Future<JsonArray> jobs = vertx.executeBlocking(() -> jobsWithEvents(pipeline.jobStore(), studyUid), false);
        Future<JsonArray> results = vertx.executeBlocking(() -> results(pipeline.results(), studyUid), false);
        Future<JsonArray> deliveries = vertx.executeBlocking(() -> deliveries(pipeline.delivery(), studyUid, identity),
                false);
        return Future.all(status, decisions, jobs, results, deliveries).map(all -> study
                .put("completion", status.result().map(StudyApi::completion).orElse(null))
                .put("routingDecisions", decisions.result())
                .put("jobs", jobs.result())
                .put("results", results.result())
                .put("deliveries", deliveries.result()));
    }

    private static JsonArray jobsWithEvents(JobStore store, String studyUid) {
        JsonArray list = new JsonArray();
        for (Job job : store.forStudy(studyUid)) {
            list.add(JobJson.job(job, store.events(job.id())));
        }
        return list;
    }

    private static JsonArray results(ResultQueries results, String studyUid) {
        JsonArray list = new JsonArray();
        results.forStudy(studyUid).forEach(r -> list.add(r.toJson()));
        return list;
    }

    static JsonObject completion(StudyStatus s) {
        return new JsonObject()
                .put("state", s.state().name())
                .put("generation", s.generation())
                .put("trigger", s.trigger() == null ? null : s.trigger().name())
                .put("firstReceivedAt", text(s.firstReceivedAt()))
                .put("lastReceivedAt", text(s.lastReceivedAt()))
                .put("completedAt", text(s.completedAt()))
                .put("idleDeadline", text(s.idleDeadline()))
                .put("routed", s.routed());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void complete(RoutingContext ctx) {
        String studyUid = Responses.studyUid(ctx);
        if (studyUid == null) {
            return;
        }
        pipeline.complete(studyUid).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            ExplicitCompletion c = result.result();
            audit.record(ctx, org.varde.gateway.audit.AuditAction.STUDY_COMPLETED_BY_OPERATOR,
                    e -> e.study(studyUid).detail(c.outcome().name()));
            JsonObject body = new JsonObject().put("studyInstanceUid", studyUid).put("outcome", c.outcome().name())
                    .put("generation", c.generation());
            switch (c.outcome()) {
                case COMPLETED -> Responses.json(ctx, 200, body);
                case ALREADY_COMPLETE -> Responses.json(ctx, 409, body.put("error", "study is already complete"));
                case UNKNOWN_STUDY -> Responses.json(ctx, 404, body.put("error", "unknown study"));
            }
        });
    }
}
