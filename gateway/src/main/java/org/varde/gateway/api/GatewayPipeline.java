package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.Gateway;
import org.varde.gateway.assembly.ExplicitCompletion;
import org.varde.gateway.assembly.StageCounts;
import org.varde.gateway.assembly.StudyStatus;
import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.dispatch.BreakerState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.orchestration.ConfigStatus;
import org.varde.gateway.orchestration.RecordedDecision;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.spool.Quarantine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The API's view of a running {@link Gateway}: its accessors, in the API's JSON. */
public final class GatewayPipeline implements Pipeline {
    private final Gateway gateway;

    public GatewayPipeline(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public RoutingSettings routingFiles() {
        return gateway.config().routing();
    }

    @Override
    public org.varde.gateway.sites.Sites sites() {
        return gateway.config().sites();
    }

    @Override
    public Future<StageCounts> studyStages() {
        return gateway.studyAssembler().stageCounts();
    }

    @Override
    public Map<String, BreakerState> breakerStates() {
        return gateway.dispatcher().breakerStates();
    }

    @Override
    public Future<Optional<StudyStatus>> studyStatus(String studyInstanceUid) {
        return gateway.studyAssembler().status(studyInstanceUid);
    }

    @Override
    public Future<ExplicitCompletion> complete(String studyInstanceUid) {
        return gateway.studyAssembler().complete(studyInstanceUid);
    }

    @Override
    public Future<JsonArray> decisions(String studyInstanceUid) {
        return gateway.decisions(studyInstanceUid).map(recorded -> {
            JsonArray list = new JsonArray();
            for (RecordedDecision d : recorded) {
                list.add(new JsonObject(d.toJson().toString()));
            }
            return list;
        });
    }

    @Override
    public JsonArray valueAlerts() {
        return gateway.algorithmWatch() == null ? new JsonArray() : gateway.algorithmWatch().alerts();
    }

    @Override
    public JobStore jobStore() {
        return gateway.jobStore();
    }

    @Override
    public org.varde.gateway.review.ReviewGate reviews() {
        return gateway.reviews();
    }

    @Override
    public org.varde.gateway.delivery.DeliveryStage delivery() {
        return gateway.delivery();
    }

    @Override
    public org.varde.gateway.results.DicomResultReceiver resultReceiver() {
        return gateway.resultReceiver();
    }

    @Override
    public org.varde.gateway.worklist.Worklist worklist() {
        return gateway.worklist();
    }

    @Override
    public java.util.List<org.varde.gateway.worklist.OutputObject> outputsOf(String jobId) {
        return gateway.outputsOf(jobId);
    }

    @Override
    public ResultQueries results() {
        return gateway.results();
    }

    @Override
    public org.varde.gateway.results.RestCallbacks restCallbacks() {
        return gateway.restCallbacks();
    }

    @Override
    public RoutingConfig routing() {
        return gateway.routing();
    }

    @Override
    public Future<JsonObject> reloadConfig() {
        RoutingConfig before = gateway.routing();
        return gateway.reloadConfig().compose(status -> status.ok()
                ? Future.succeededFuture(new JsonObject().put("status", json(status))
                        .put("changed", RoutingChanges.between(before, gateway.routing())))
                : Future.failedFuture(new ConfigRefusedException(status.lastError(), null)));
    }

    @Override
    public org.varde.gateway.audit.AuditLog auditLog() {
        return gateway.auditLog();
    }

    @Override
    public org.varde.gateway.cleaner.Cleaner cleaner() {
        return gateway.cleaner();
    }

    @Override
    public org.varde.gateway.usage.UsageLedger usage() {
        return gateway.usage();
    }

    @Override
    public Quarantine quarantine() {
        return gateway.quarantine();
    }

    @Override
    public JsonObject configStatus() {
        return json(gateway.configStatus());
    }

    static JsonObject json(ConfigStatus s) {
        return new JsonObject()
                .put("ok", s.ok())
                .put("lastError", s.lastError())
                .put("loadedAt", text(s.loadedAt()))
                .put("lastCheckAt", text(s.lastCheckAt()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
