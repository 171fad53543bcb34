package org.varde.gateway.results;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.VendorDevice;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results stage on a real (H2) job store: waits, results, quarantine, deadlines, a restart in between. */
class ResultsStageTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.77";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final Pools pools = new Pools("results-test");
    private Vertx vertx;
    private DataSource dataSource;
    private JdbcJobStore jobs;
    private SimpleMeterRegistry registry;
    private final List<Instant> retriesDue = new CopyOnWriteArrayList<>();
    private AlgorithmCatalogue catalogue;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        dataSource = pools.open(TestDatabase.h2("results"));
        jobs = new JdbcJobStore(dataSource, Backoff.DEFAULT, Clock.systemUTC());
        registry = new SimpleMeterRegistry();
        catalogue(3600);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pools.close();
    }

    private void catalogue(int resultTimeoutSeconds) throws Exception {
        catalogue = AlgorithmCatalogue.fromTree(new YAMLMapper().readTree("""
                algorithms:
                  - id: lung-nodules
                    vendor: V
                    product: P
                    approvedVersion: "1.0"
                    regulatoryStatus: research
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: 11112, aeTitle: LUNGAI}
                    resultTimeoutSeconds: %d
                """.formatted(resultTimeoutSeconds)));
    }

    private ResultsStage stage() {
        return new ResultsStage(vertx, jobs, new ResultWaits(dataSource), new ResultRecords(dataSource),
                () -> catalogue, () -> "node-a", retriesDue::add, new ResultMetrics(registry), Clock.systemUTC());
    }

    private Algorithm algorithm() {
        return catalogue.find("lung-nodules").orElseThrow();
    }

    /** A job the vendor has acknowledged: DISPATCHING → WAITING_RESULT, its wait written first. */
    private Job dispatched(ResultsStage stage) {
        Job created = jobs.create(new NewJob(STUDY, "lung-nodules", "ct", RouteMode.CLINICAL, 1, List.of("1.2.3"), 3));
        jobs.claim("node-a", LEASE, 1, Instant.now());
        Job dispatching = jobs.transition(created.id(), "node-a", JobState.PENDING, JobState.DISPATCHING, "go");
        stage.expect(dispatching, algorithm());
        return jobs.transition(created.id(), "node-a", JobState.DISPATCHING, JobState.WAITING_RESULT, "sent");
    }

    private static AlgorithmResult result(String version) {
        Finding nodule = new Finding(new Code("27925004", "SCT", "Nodule"), Presence.PRESENT, Optional.of(0.93),
                List.of(new Measurement(new Code("103339001", "SCT", "Long Axis"), new BigDecimal("8.5"), "mm")),
                Optional.of(new Code("39607008", "SCT", "Lung")), List.of());
        return new AlgorithmResult("lung-nodules", "PulmoSpot", version, new VendorDevice("V", "P", version), STUDY,
                ResultStatus.POSITIVE, List.of(nodule), Optional.empty());
    }

    @Test
    void aResultOfTheApprovedVersionIsReceivedAndEndsTheWait() throws Exception {
        ResultsStage stage = stage();
        await(stage.start());
        Job job = dispatched(stage);
        assertTrue(stage.waitOf(job.id()).isPresent());

        StoredResult stored = stage.accept(job.id(), result("1.0"), "dicom", List.of());

        assertEquals(ResultState.RECEIVED, stored.state());
        assertEquals(JobState.RESULT_RECEIVED, jobs.get(job.id()).orElseThrow().state());
        assertTrue(stage.waitOf(job.id()).isEmpty(), "the wait ends with the result");
        StoredResult kept = stage.records().forJob(job.id()).get(0);
        assertEquals("positive", kept.verdict());
        assertEquals("8.5", kept.result().getJsonArray("findings").getJsonObject(0).getJsonArray("measurements")
                .getJsonObject(0).getString("value"));
        assertEquals(List.of(kept.id()), stage.records().list(ResultState.RECEIVED, "lung-nodules", 10).stream()
                .map(StoredResult::id).toList());
    }

    @Test
    void aResultOfAnotherVersionIsQuarantinedKeptAndCounted() throws Exception {
        ResultsStage stage = stage();
        await(stage.start());
        Job job = dispatched(stage);

        StoredResult stored = stage.accept(job.id(), result("2.0-beta"), "dicom", List.of());

        assertEquals(ResultState.QUARANTINED, stored.state());
        Job after = jobs.get(job.id()).orElseThrow();
        assertEquals(JobState.QUARANTINED, after.state());
        String detail = jobs.events(job.id()).get(jobs.events(job.id()).size() - 1).detail();
        assertTrue(detail.contains("\"2.0-beta\"") && detail.contains("\"1.0\""), detail);
        assertEquals(1, stage.records().list(ResultState.QUARANTINED, null, 10).size());
        assertEquals(1.0, registry.get("varde.results.quarantined").tag("algorithm", "lung-nodules").counter().count());
    }

    @Test
    void noResultBeforeTheDeadlineFailsTheAttemptWhichIsRetried() throws Exception {
        catalogue(1);
        ResultsStage stage = stage();
        await(stage.start());
        Job job = dispatched(stage);

        assertTrue(Poll.until(Duration.ofSeconds(20),
                () -> jobs.get(job.id()).orElseThrow().state() == JobState.PENDING), "the deadline passes");
        Job retried = jobs.get(job.id()).orElseThrow();
        assertEquals(1, retried.attempts());
        assertTrue(retried.lastError().startsWith("timeout: no result from lung-nodules within 1 s"),
                retried.lastError());
        assertEquals(List.of(retried.nextAttemptAt()), retriesDue, "the dispatch runner is woken for the retry");
        assertTrue(stage.waitOf(job.id()).isEmpty());
        assertThrows(ResultRefusedException.class, () -> stage.accept(job.id(), result("1.0"), "dicom", List.of()),
                "a result after the deadline is refused: the job is being retried");
    }

    @Test
    void aResultRecordedBeforeAStopMovesItsJobAtTheNextStart() throws Exception {
        ResultsStage before = stage();
        Job job = dispatched(before);
        // the node stopped after recording the result and before moving the job
        new ResultRecords(dataSource).record(new StoredResult("r-1", job.id(), "lung-nodules", STUDY,
                ResultState.RECEIVED, "positive", "PulmoSpot", "1.0", "1.0", ResultJson.of(result("1.0")), "dicom",
                Instant.now()), List.of());
        assertEquals(JobState.WAITING_RESULT, jobs.get(job.id()).orElseThrow().state());

        await(stage().start());

        assertEquals(JobState.RESULT_RECEIVED, jobs.get(job.id()).orElseThrow().state());
    }

    @Test
    void aRefusedResultFailsTheAttemptWithTheReasonInTheHistory() throws Exception {
        ResultsStage stage = stage();
        await(stage.start());
        Job job = dispatched(stage);

        stage.refuse(job.id(), "lung-nodules", "the SR has no TID 1500 measurement report");

        Job after = jobs.get(job.id()).orElseThrow();
        assertEquals(JobState.PENDING, after.state());
        assertEquals("result refused: the SR has no TID 1500 measurement report", after.lastError());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
