package org.varde.gateway.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.result.WorklistPriority;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.results.ResultObject;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.review.Review;
import org.varde.gateway.review.ReviewConflictException;
import org.varde.gateway.review.ReviewGate;
import org.varde.gateway.review.ReviewState;
import org.varde.gateway.review.ReviewStore;
import org.varde.gateway.review.SrText;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The review gate's API (issue 12), for the reviewer role alone:
 * {@code GET /api/reviews?state=pending|deferred|waiting|overdue|approved|rejected|released&limit=N}
 * (oldest first, each with the patient and study, the normalised findings and the vendor's SR as
 * text), {@code GET /api/reviews/{id}} (the same and its history) and {@code POST /api/reviews/{id}}
 * with {@code {"decision": "approve|reject|defer|undo", "reason": "...", "priority": "routine|urgent|asap|stat|none"}}.
 * The reviewer is the caller: a token's name or the OIDC user.
 */
final class ReviewsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewsApi.class);
    private static final long MAX_BODY_BYTES = 8 * 1024;
    private static final int REASON_MAX = 2000;

    private final Vertx vertx;
    private final ReviewGate gate;
    private final ResultQueries results;
    private final Journal journal;
    private final Spool spool;

    ReviewsApi(Vertx vertx, ReviewGate gate, ResultQueries results, Journal journal, Spool spool) {
        this.vertx = vertx;
        this.gate = gate;
        this.results = results;
        this.journal = journal;
        this.spool = spool;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/reviews", Role.REVIEWER, this::list);
        routes.get("/api/reviews/:id", Role.REVIEWER, this::one);
        routes.postWithBody("/api/reviews/:id", Role.REVIEWER, MAX_BODY_BYTES, this::decide);
    }

    private void list(RoutingContext ctx) {
        String word = ctx.queryParams().get("state");
        Set<ReviewState> states;
        boolean overdueOnly;
        int limit;
        try {
            overdueOnly = "overdue".equals(word);
            states = states(word);
            limit = JobsApi.limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> {
            java.time.Instant now = java.time.Instant.now();
            JsonArray list = new JsonArray();
            for (Review r : gate.store().list(states, limit)) {
                if (!overdueOnly || r.overdue(now)) {
                    list.add(json(r, now));
                }
            }
            return list;
        }, false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
            } else {
                Responses.json(ctx, done.result().encode());
            }
        });
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> gate.store().find(id).map(r -> withHistory(r)), false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
            } else if (done.result().isEmpty()) {
                Responses.error(ctx, 404, "no review " + id);
            } else {
                Responses.json(ctx, done.result().get().encode());
            }
        });
    }

    private void decide(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject body = BoundedBody.json(ctx);
        ReviewGate.Decision decision;
        String reason;
        Optional<Review.PriorityChoice> priority;
        try {
            if (body == null || !(body.getValue("decision") instanceof String word)) {
                throw new IllegalArgumentException("body must be {\"decision\": \"approve|reject|defer|undo\", "
                        + "\"reason\": \"...\", \"priority\": \"routine|urgent|asap|stat|none\"}");
            }
            decision = decision(word);
            reason = text(body, "reason");
            if (reason != null && reason.length() > REASON_MAX) {
                throw new IllegalArgumentException("reason: at most " + REASON_MAX + " characters");
            }
            priority = priority(text(body, "priority"));
            if (priority.isPresent() && decision != ReviewGate.Decision.APPROVE) {
                throw new IllegalArgumentException("priority goes with an approval only");
            }
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> withHistory(gate.decide(id, decision, caller, reason, priority)), false)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        LOG.info("review {}: {} by {}", id, decision, caller.describe());
                        Responses.json(ctx, done.result().encode());
                    } else if (done.cause() instanceof ReviewConflictException conflict) {
                        Responses.error(ctx, conflict.getMessage().startsWith("no review") ? 404 : 409,
                                conflict.getMessage());
                    } else if (done.cause() instanceof IllegalArgumentException bad) {
                        Responses.error(ctx, 400, bad.getMessage());
                    } else {
                        Responses.fail(ctx, done.cause());
                    }
                });
    }

    private JsonObject withHistory(Review r) {
        JsonObject json = json(r, java.time.Instant.now());
        JsonArray history = new JsonArray();
        for (ReviewStore.Event e : gate.store().events(r.id())) {
            history.add(new JsonObject().put("at", e.at().toString()).put("from", e.from() == null ? null : e.from().name())
                    .put("to", e.to().name()).put("actor", e.actor()).put("detail", e.detail()));
        }
        return json.put("history", history);
    }

    /** One review for a reviewer: the decision so far, the study and patient, the findings, the vendor's SR. */
    private JsonObject json(Review r, java.time.Instant now) {
        JsonObject json = new JsonObject()
                .put("id", r.id())
                .put("state", r.state().name())
                .put("resultId", r.resultId())
                .put("jobId", r.jobId())
                .put("algorithm", r.algorithmId())
                .put("route", r.routeName())
                .put("studyInstanceUid", r.studyInstanceUid())
                .put("createdAt", r.createdAt().toString())
                .put("alertAt", r.alertAt().toString())
                .put("overdue", r.overdue(now))
                .put("alertedAt", text(r.alertedAt()))
                .put("onTimeout", r.onTimeout().word())
                .put("reviewer", r.reviewer())
                .put("reason", r.reason())
                .put("priority", r.priorityChoice().map(p -> p.priority().map(WorklistPriority::fhirCode).orElse("none"))
                        .orElse(null))
                .put("decidedAt", text(r.decidedAt()))
                .put("handedOverAt", text(r.handedOverAt()));
        json.put("study", study(r.studyInstanceUid()));
        results.forJob(r.jobId()).stream().filter(x -> x.id().equals(r.resultId())).findFirst()
                .ifPresent(x -> json.put("result", x.result()).put("verdict", x.verdict())
                        .put("reportedName", x.reportedName()).put("reportedVersion", x.reportedVersion()));
        json.put("vendorReport", vendorReport(r));
        return json;
    }

    private JsonObject study(String studyInstanceUid) {
        List<InstanceRecord> instances = journal.instancesOfStudy(studyInstanceUid);
        if (instances.isEmpty()) {
            return null;   // purged: the reviewer sees the UID only
        }
        InstanceRecord i = instances.get(0);
        return new JsonObject().put("patientName", i.patientName()).put("patientId", i.patientId())
                .put("patientBirthDate", i.patientBirthDate()).put("patientSex", i.patientSex())
                .put("accessionNumber", i.accessionNumber()).put("studyDescription", i.studyDescription())
                .put("modality", i.modality()).put("instances", instances.size());
    }

    /** The vendor's SR objects of this result, each rendered as text; none when it answered otherwise. */
    private JsonArray vendorReport(Review r) {
        JsonArray reports = new JsonArray();
        if (spool == null) {
            return reports;
        }
        for (ResultObject o : results.objects(r.jobId())) {
            if (!r.resultId().equals(o.resultIdOrNull()) || !"application/dicom".equals(o.mediaType())
                    || !o.sopClassUid().startsWith("1.2.840.10008.5.1.4.1.1.88.")) {
                continue;   // PS3.4 B.5: the SR storage SOP classes are 1.2.840.10008.5.1.4.1.1.88.x
            }
            JsonObject report = new JsonObject().put("sopInstanceUid", o.sopInstanceUid());
            try {
                report.put("text", SrText.render(spool.resolve(o.spoolPath())));
            } catch (Exception e) {
                report.put("error", "cannot render the vendor's SR: " + e.getMessage());
            }
            reports.add(report);
        }
        return reports;
    }

    private static Set<ReviewState> states(String word) {
        if (word == null || word.isBlank() || word.equals("waiting") || word.equals("overdue")) {
            return EnumSet.of(ReviewState.PENDING, ReviewState.DEFERRED);
        }
        try {
            return EnumSet.of(ReviewState.valueOf(word.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state \"" + word + "\"; valid: pending, deferred, waiting, "
                    + "overdue, approved, rejected, released");
        }
    }

    private static ReviewGate.Decision decision(String word) {
        try {
            return ReviewGate.Decision.valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("decision must be approve, reject, defer or undo, was \"" + word + "\"");
        }
    }

    private static Optional<Review.PriorityChoice> priority(String word) {
        if (word == null) {
            return Optional.empty();
        }
        if (word.equals("none")) {
            return Optional.of(Review.PriorityChoice.none());
        }
        for (WorklistPriority p : WorklistPriority.values()) {
            if (p.fhirCode().equals(word)) {
                return Optional.of(new Review.PriorityChoice(Optional.of(p)));
            }
        }
        throw new IllegalArgumentException("priority must be routine, urgent, asap, stat or none, was \"" + word + "\"");
    }

    private static String text(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return v == null || ((String) v).isBlank() ? null : ((String) v).trim();
    }

    private static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }
}
