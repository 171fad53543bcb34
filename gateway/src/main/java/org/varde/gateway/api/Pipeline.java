package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.assembly.ExplicitCompletion;
import org.varde.gateway.assembly.StageCounts;
import org.varde.gateway.assembly.StudyStatus;
import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.dispatch.BreakerState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.spool.Quarantine;

import java.util.Map;
import java.util.Optional;

/**
 * What the API needs of the running pipeline (completion, routing, jobs, config), and nothing more:
 * the API reads and asks, the pipeline decides. {@link GatewayPipeline} is the gateway's.
 */
public interface Pipeline {

    /** Where a study's assembly stands; empty when no instance of it arrived. */
    Future<Optional<StudyStatus>> studyStatus(String studyInstanceUid);

    /** Explicit completion; the pipeline routes what it completes. */
    Future<ExplicitCompletion> complete(String studyInstanceUid);

    /**
     * The routing decisions recorded for a study, every generation, as they were made: the shape of
     * {@code RoutingDecisionJson} plus generation, disposition, job id and when and by which node.
     */
    Future<JsonArray> decisions(String studyInstanceUid);

    /** The job store; its methods block, call them on a worker. */
    JobStore jobStore();

    /** The routing config in force now (swapped whole on a reload); no routes when none is configured. */
    RoutingConfig routing();

    /**
     * Reads the config files again and applies them. Succeeds with what changed; fails with
     * {@link ConfigRefusedException} when the new config is invalid (the old one stays in force).
     */
    Future<JsonObject> reloadConfig();

    /**
     * Files kept aside: conflicting resends and spool files the start-up reconcile could not
     * journal; null when this pipeline keeps none (API tests on a stub).
     */
    default Quarantine quarantine() {
        return null;
    }

    /**
     * The value figures' live alerts (flag-rate drift, routing silence, results stopped), in the
     * overview's alert shape; none where the pipeline does not watch (API tests on a stub).
     */
    default io.vertx.core.json.JsonArray valueAlerts() {
        return new io.vertx.core.json.JsonArray();
    }

    /** The results stage's rows; blocking, call on a worker. */
    default ResultQueries results() {
        return ResultQueries.NONE;
    }

    /** The audit log (GET /api/audit, and where API callers' actions are recorded); null when none is kept. */
    default org.varde.gateway.audit.AuditLog auditLog() {
        return null;
    }

    /** The retention purge (GET /api/privacy); null when this pipeline has none (API tests on a stub). */
    default org.varde.gateway.cleaner.Cleaner cleaner() {
        return null;
    }

    /** The {@code sites:} block in force (a reload swaps it); none on a stub. */
    default org.varde.gateway.sites.Sites sites() {
        return org.varde.gateway.sites.Sites.NONE;
    }

    /** The usage ledger (GET /api/usage); null when none is kept. */
    default org.varde.gateway.usage.UsageLedger usage() {
        return null;
    }

    /** The catalogue and routes files the routing was read from; null when none are configured. */
    default RoutingSettings routingFiles() {
        return null;
    }

    /** Studies by where they stand in assembly (the overview); zeros when this pipeline has no assembler. */
    default Future<StageCounts> studyStages() {
        return Future.succeededFuture(new StageCounts(0, 0, 0));
    }

    /** Each algorithm's circuit breaker, for those called so far (closed when never called). */
    default Map<String, BreakerState> breakerStates() {
        return Map.of();
    }

    /** The review gate (issue 12); null when this pipeline has none (API tests on a stub). */
    default org.varde.gateway.review.ReviewGate reviews() {
        return null;
    }

    /** REST vendors' webhooks ({@code POST /api/callbacks/{jobId}}); null when this pipeline takes none. */
    default org.varde.gateway.results.RestCallbacks restCallbacks() {
        return null;
    }

    /** The delivery stage (its rows, the operator's replay); null when this pipeline has none (API tests). */
    default org.varde.gateway.delivery.DeliveryStage delivery() {
        return null;
    }

    /** What vendors store at {@code /dicomweb/studies} goes here; null: the endpoint is not served. */
    default org.varde.gateway.results.DicomResultReceiver resultReceiver() {
        return null;
    }

    /** The UPS worklist (IHE AIW-I, {@code /workitems}); null: UPS-RS and WADO-RS are not served. */
    default org.varde.gateway.worklist.Worklist worklist() {
        return null;
    }

    /** The result objects a workitem's performer stored, for its Output Information; empty without a results stage. */
    default java.util.List<org.varde.gateway.worklist.OutputObject> outputsOf(String jobId) {
        return java.util.List.of();
    }

    /** For {@code /health}: the config in force, when it was loaded, and the last refused reload. */
    JsonObject configStatus();
}
