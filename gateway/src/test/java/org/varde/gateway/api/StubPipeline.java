package org.varde.gateway.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.assembly.ExplicitCompletion;
import org.varde.gateway.assembly.StudyStatus;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.RoutingConfig;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pipeline for API tests that need no running gateway: no routes, no studies, and it remembers
 * what was asked of it and on which kind of thread.
 */
final class StubPipeline implements Pipeline {
    final AtomicBoolean routingReadOnEventLoop = new AtomicBoolean();
    final AtomicInteger routingReads = new AtomicInteger();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger reloads = new AtomicInteger();
    private final JobStore jobStore;
    /** The audit log the API records to and reads; null: none (as before accountability). */
    org.varde.gateway.audit.AuditLog auditLog;
    /** The usage ledger /api/usage reads; null: none. */
    org.varde.gateway.usage.UsageLedger usage;
    private final RoutingConfig routing;
    /** The review gate the API serves; null: none mounted. */
    org.varde.gateway.review.ReviewGate reviews;
    /** The optional parts, each null (its endpoints not mounted) unless a test sets it. */
    org.varde.gateway.delivery.DeliveryStage delivery;
    org.varde.gateway.spool.Quarantine quarantine;
    org.varde.gateway.sites.Sites sites = org.varde.gateway.sites.Sites.NONE;
    org.varde.gateway.results.RestCallbacks restCallbacks;
    org.varde.gateway.worklist.Worklist worklist;
    /** The value figures' live alerts the overview shows (drift, silence); a test may set it. */
    org.varde.gateway.value.AlgorithmWatch algorithmWatch;

    /** @param jobStore for the jobs endpoints; may be null when a test does not reach them */
    StubPipeline(JobStore jobStore) {
        this(jobStore, new RoutingConfig(AlgorithmCatalogue.empty(), new RouteSet(List.of())));
    }

    StubPipeline(JobStore jobStore, RoutingConfig routing) {
        this.jobStore = jobStore;
        this.routing = routing;
    }

    @Override
    public JsonArray valueAlerts() {
        return algorithmWatch == null ? new JsonArray() : algorithmWatch.alerts();
    }

    @Override
    public Future<Optional<StudyStatus>> studyStatus(String studyInstanceUid) {
        return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<ExplicitCompletion> complete(String studyInstanceUid) {
        completions.incrementAndGet();
        return Future.succeededFuture(new ExplicitCompletion(ExplicitCompletion.Outcome.UNKNOWN_STUDY,
                studyInstanceUid, -1));
    }

    @Override
    public Future<JsonArray> decisions(String studyInstanceUid) {
        return Future.succeededFuture(new JsonArray());
    }

    @Override
    public org.varde.gateway.usage.UsageLedger usage() {
        return usage;
    }

    @Override
    public org.varde.gateway.audit.AuditLog auditLog() {
        return auditLog;
    }

    @Override
    public org.varde.gateway.review.ReviewGate reviews() {
        return reviews;
    }

    @Override
    public org.varde.gateway.delivery.DeliveryStage delivery() {
        return delivery;
    }

    @Override
    public org.varde.gateway.sites.Sites sites() {
        return sites;
    }

    @Override
    public org.varde.gateway.spool.Quarantine quarantine() {
        return quarantine;
    }

    @Override
    public org.varde.gateway.worklist.Worklist worklist() {
        return worklist;
    }

    @Override
    public org.varde.gateway.results.RestCallbacks restCallbacks() {
        return restCallbacks;
    }

    @Override
    public JobStore jobStore() {
        return jobStore;
    }

    @Override
    public RoutingConfig routing() {
        routingReads.incrementAndGet();
        if (Context.isOnEventLoopThread()) {
            routingReadOnEventLoop.set(true);
        }
        return routing;
    }

    @Override
    public Future<JsonObject> reloadConfig() {
        reloads.incrementAndGet();
        return Future.succeededFuture(new JsonObject().put("status", configStatus()));
    }

    @Override
    public JsonObject configStatus() {
        return new JsonObject().put("ok", true);
    }
}
