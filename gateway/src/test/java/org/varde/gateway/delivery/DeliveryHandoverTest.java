package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.VendorDevice;
import org.varde.connectors.sink.hl7.Hl7Protocol;
import org.varde.connectors.sink.hl7.Hl7SinkOptions;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.results.ResultJson;
import org.varde.gateway.results.ResultMetrics;
import org.varde.gateway.results.ResultRecords;
import org.varde.gateway.results.ResultWaits;
import org.varde.gateway.results.ResultsStage;
import org.varde.gateway.results.StoredResult;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The hand-over survives a stop between a result arriving and its deliveries being created: a job left
 * in RESULT_RECEIVED with no delivery (the node stopped before its hook ran) is handed over by the
 * sweep of the next start, delivered to a real MLLP listener with the priority its policy decides, and
 * ends DONE; a second sweep creates nothing more.
 */
class DeliveryHandoverTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.78";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final Pools pools = new Pools("handover-test");
    private Vertx vertx;
    private DataSource dataSource;
    private JdbcJobStore jobs;
    private TestMllpListener mllp;
    private AlgorithmCatalogue catalogue;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        dataSource = pools.open(TestDatabase.h2("handover"));
        jobs = new JdbcJobStore(dataSource, Backoff.DEFAULT, Clock.systemUTC());
        mllp = new TestMllpListener();
        catalogue = AlgorithmCatalogue.fromTree(new YAMLMapper().readTree("""
                algorithms:
                  - id: lung-nodules
                    vendor: V
                    product: P
                    approvedVersion: "1.0"
                    regulatoryStatus: research
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: 11112, aeTitle: LUNGAI}
                    outputs: [ris-hl7]
                    priority:
                      rules:
                        - {finding: "SCT:27925004", measurement: "SCT:103339001", atLeast: 8, unit: mm, priority: urgent}
                """), Set.of("ris-hl7"));
    }

    @AfterEach
    void close() throws Exception {
        mllp.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pools.close();
    }

    @Test
    void aResultReceivedBeforeAStopIsHandedOverByTheNextStartsSweep() throws Exception {
        // before the stop: the result is recorded and the job RESULT_RECEIVED, but no hook hands it over
        ResultsStage results = new ResultsStage(vertx, jobs, new ResultWaits(dataSource), new ResultRecords(dataSource),
                () -> catalogue, () -> "node-a", due -> { }, new ResultMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        results.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Job job = dispatched(results);
        StoredResult stored = results.accept(job.id(), nodule(), "dicom", List.of());
        results.close();
        assertEquals(JobState.RESULT_RECEIVED, jobs.get(job.id()).orElseThrow().state());
        DeliveryStore store = new DeliveryStore(dataSource, Backoff.DEFAULT, Clock.systemUTC());
        assertTrue(store.forResult(stored.id()).isEmpty(), "no delivery yet");

        // the next start: a new delivery stage and hand-over, whose sweep finds the job
        ResultRecords records = new ResultRecords(dataSource);
        ResultSource source = (id, version) -> records.find(id).map(r -> new ResultSource.Deliverable(
                ResultJson.read(r.result()), DeliveryStageTest.context(), r.receivedAt()));
        DeliveryStage stage = new DeliveryStage(vertx, store, Map.of("ris-hl7", new Hl7Protocol().open(
                new Hl7SinkOptions("127.0.0.1", mllp.port(), "VARDE", "H", "RIS", "H", Duration.ofSeconds(20),
                        Hl7SinkOptions.defaultPriorityCodes(), false), new AdapterEnvironment(vertx, "VARDE"))),
                source, new DeliveryMetrics(new SimpleMeterRegistry()), "node-b", Duration.ofMinutes(2), 3,
                Clock.systemUTC());
        DeliveryHandover handover = new DeliveryHandover(vertx, jobs, records, stage,
                () -> new RoutingConfig(catalogue, new RouteSet(List.of())), s -> Optional.of(Instant.now()),
                new DeliveryMetrics(new SimpleMeterRegistry()), () -> "node-b", Clock.systemUTC());
        try {
            handover.sweep();

            assertTrue(Poll.until(WAIT, () -> jobs.get(job.id()).orElseThrow().state() == JobState.DONE),
                    String.valueOf(jobs.events(job.id())));
            List<Delivery> deliveries = store.forResult(stored.id());
            assertEquals(1, deliveries.size(), deliveries.toString());
            Delivery d = deliveries.get(0);
            assertEquals("ris-hl7", d.sink());
            assertEquals(DeliveryState.DELIVERED, d.state(), String.valueOf(store.events(d.id())));
            assertEquals("urgent", d.priority().orElseThrow().fhirCode(), "nodule of 8.5 mm: the policy's urgent");
            assertEquals(1, mllp.received().size(), "the ORU reached the listener once");
            List<String> path = jobs.events(job.id()).stream().map(e -> e.to().name()).toList();
            assertEquals(List.of("RESULT_RECEIVED", "DELIVERING", "DONE"), path.subList(path.size() - 3, path.size()));

            handover.sweep();
            assertEquals(1, store.forResult(stored.id()).size(), "a second sweep creates nothing");
        } finally {
            handover.close();
            stage.close();
        }
    }

    /** A job the vendor acknowledged: DISPATCHING → WAITING_RESULT, its wait written first. */
    private Job dispatched(ResultsStage stage) {
        Job created = jobs.create(new NewJob(STUDY, "lung-nodules", "ct", RouteMode.CLINICAL, 1, List.of("1.2.3"), 3));
        jobs.claim("node-a", Duration.ofSeconds(30), 1, Instant.now());
        Job dispatching = jobs.transition(created.id(), "node-a", JobState.PENDING, JobState.DISPATCHING, "go");
        stage.expect(dispatching, catalogue.find("lung-nodules").orElseThrow());
        return jobs.transition(created.id(), "node-a", JobState.DISPATCHING, JobState.WAITING_RESULT, "sent");
    }

    private static AlgorithmResult nodule() {
        Finding nodule = new Finding(new Code("27925004", "SCT", "Nodule"), Presence.PRESENT, Optional.of(0.93),
                List.of(new Measurement(new Code("103339001", "SCT", "Long Axis"), new BigDecimal("8.5"), "mm")),
                Optional.of(new Code("39607008", "SCT", "Lung")), List.of());
        return new AlgorithmResult("lung-nodules", "PulmoSpot", "1.0", new VendorDevice("V", "P", "1.0"), STUDY,
                ResultStatus.POSITIVE, List.of(nodule), Optional.empty());
    }
}
