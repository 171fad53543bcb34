package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.fhir.FhirProtocol;
import org.varde.connectors.sink.fhir.FhirSinkOptions;
import org.varde.connectors.sink.fhir.TestFhirServer;
import org.varde.connectors.sink.hl7.Hl7Protocol;
import org.varde.connectors.sink.hl7.Hl7SinkOptions;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.connectors.sink.pacs.SourceInstance;
import org.varde.connectors.sink.pacs.StudyContext;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.priority.PriorityPolicy;
import org.varde.gateway.priority.PriorityRule;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import ca.uhn.hl7v2.util.Terser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The delivery stage end to end: results become deliveries to a real HAPI FHIR server and HAPI's MLLP
 * listener, each sink on its own lane, with retries, dead letters, replay, shadow mode and the
 * priority policy, over an H2 store.
 */
class DeliveryStageTest {
    // a deadline, not a pause: each FHIR bundle is validated twice (here and by the server), seconds apiece on a loaded machine
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final PriorityPolicy PE_STAT = new PriorityPolicy(List.of(new PriorityRule("SCT", "59282003",
            Optional.of(0.8), Optional.empty(), Optional.empty(), Optional.empty(), WorklistPriority.STAT)), true);

    private static TestFhirServer fhir;
    private static TestMllpListener mllp;

    private Vertx vertx;
    private Pools pools;
    private DataSource dataSource;
    private final Map<String, ResultSource.Deliverable> results = new ConcurrentHashMap<>();
    private final List<DeliveryStage> stages = new java.util.ArrayList<>();

    @BeforeAll
    static void peers() throws Exception {
        fhir = new TestFhirServer();
        mllp = new TestMllpListener();
        // the validator's first use loads the R4 definitions (a minute on a loaded 2-core machine): not
        // inside any test's wait
        org.varde.connectors.sink.fhir.FhirResourceValidator.shared().errors(new org.hl7.fhir.r4.model.Patient());
    }

    @AfterAll
    static void stopPeers() throws Exception {
        fhir.close();
        mllp.close();
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        pools = new Pools("delivery");
        dataSource = pools.open(TestDatabase.h2("delivery"));
    }

    @AfterEach
    void tearDown() {
        stages.forEach(DeliveryStage::close);
        pools.close();
        vertx.close().await();
    }

    private DeliveryStage stage(String node) {
        return stage(node, Map.of());
    }

    private DeliveryStage stage(String node, Map<String, Integer> concurrency) {
        Map<String, ResultSink> sinks = new LinkedHashMap<>();
        AdapterEnvironment env = new AdapterEnvironment(vertx, "VARDE");
        sinks.put("ris-fhir", new FhirProtocol().open(new FhirSinkOptions(URI.create(fhir.baseUrl()), Optional.empty(),
                "urn:oid:2.16.578.1.12.4.1.4.1", "urn:oid:1.2.3.4.5.6", Duration.ofSeconds(5), Duration.ofSeconds(20)), env));
        sinks.put("ris-hl7", new Hl7Protocol().open(new Hl7SinkOptions("127.0.0.1", mllp.port(), "VARDE", "H", "RIS", "H",
                Duration.ofSeconds(20), Hl7SinkOptions.defaultPriorityCodes(), false), env));
        DeliveryStore store = new DeliveryStore(dataSource, new Backoff(Duration.ofMillis(100), Duration.ofMillis(300)),
                Clock.systemUTC());
        ResultSource source = (id, version) -> Optional.ofNullable(results.get(id + "." + version));
        DeliveryStage stage = new DeliveryStage(vertx, store, sinks, concurrency, source,
                new DeliveryMetrics(new SimpleMeterRegistry()), node, Duration.ofMinutes(2), 3, Clock.systemUTC());
        stages.add(stage);
        return stage;
    }

    private DeliveryStage.ReadyResult ready(String resultId, AlgorithmResult result, DeliveryMode mode, PriorityPolicy policy) {
        results.put(resultId + ".1", new ResultSource.Deliverable(result, context(), Instant.parse("2026-12-01T10:00:00Z")));
        return new DeliveryStage.ReadyResult(resultId, 1, "job-" + resultId, Results.study().studyInstanceUid(), result.algorithmId(),
                result, mode, List.of("ris-fhir", "ris-hl7"), policy, Optional.empty());
    }

    static StudyContext context() {
        return new StudyContext(Results.study(), "4711", "20261201", "101500", "Lege^Lise",
                List.of(new SourceInstance("1.2.826.0.1.3680043.8.498.11", "1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.8.498.12")),
                Optional.empty());
    }

    private static AlgorithmResult embolism(double probability) {
        Finding pe = new Finding(Results.EMBOLISM, Presence.PRESENT, Optional.of(probability), List.of(), Optional.of(Results.LUNG), List.of());
        return new AlgorithmResult("pe", "EmboFind", "1.0", Results.device(), Results.study().studyInstanceUid(),
                ResultStatus.POSITIVE, List.of(pe), Optional.empty());
    }

    private static boolean allIn(DeliveryStore store, List<Delivery> deliveries, DeliveryState state) {
        return deliveries.stream().allMatch(d -> store.get(d.id()).orElseThrow().state() == state);
    }

    /** The study of {@link #context()} under another accession number: the RIS's order for it is the test's own. */
    private static StudyContext context(String accession) {
        org.varde.connectors.result.SourceStudy s = Results.study();
        return new StudyContext(new org.varde.connectors.result.SourceStudy(s.studyInstanceUid(), s.patientId(),
                s.issuerOfPatientId(), s.patientName(), s.birthDate(), s.sex(), Optional.of(accession),
                s.studyDescription(), s.placerOrderNumber(), s.fillerOrderNumber()), "4711", "20261201", "101500",
                "Lege^Lise", context().instances(), Optional.empty());
    }

    private static String order(String accession, ServiceRequest.ServiceRequestPriority priority) {
        ServiceRequest order = new ServiceRequest();
        order.addIdentifier().setSystem("urn:oid:1.2.3.4.5.6").setValue(accession);
        order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setPriority(priority);
        order.setSubject(new Reference().setType("Patient").setIdentifier(new Identifier()
                .setSystem("urn:oid:2.16.578.1.12.4.1.4.1").setValue(Results.study().patientId())));
        return fhir.hold(order);
    }

    @Test
    void aPriorityTheRisHoldsIsNeverLoweredAndTheDeliveryHistorySaysWhy() {
        order("ACC-HELD-STAT", ServiceRequest.ServiceRequestPriority.STAT);
        order("ACC-HELD-ROUTINE", ServiceRequest.ServiceRequestPriority.ROUTINE);
        PriorityPolicy urgent = new PriorityPolicy(List.of(new PriorityRule("SCT", "59282003", Optional.of(0.8),
                Optional.empty(), Optional.empty(), Optional.empty(), WorklistPriority.URGENT)), false);
        DeliveryStage stage = stage("node-a");
        stage.start(Duration.ofSeconds(1));
        AlgorithmResult pe = embolism(0.95);
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        results.put("r-held.1", new ResultSource.Deliverable(pe, context("ACC-HELD-STAT"), at));
        results.put("r-raise.1", new ResultSource.Deliverable(pe, context("ACC-HELD-ROUTINE"), at));
        String uid = Results.study().studyInstanceUid();
        Delivery held = stage.accept(new DeliveryStage.ReadyResult("r-held", 1, "job-r-held", uid + ".77", "pe", pe,
                DeliveryMode.CLINICAL, List.of("ris-fhir"), urgent, Optional.empty())).get(0);
        Delivery raised = stage.accept(new DeliveryStage.ReadyResult("r-raise", 1, "job-r-raise", uid + ".78", "pe", pe,
                DeliveryMode.CLINICAL, List.of("ris-fhir"), urgent, Optional.empty())).get(0);
        assertEquals(Optional.of(WorklistPriority.URGENT), held.priority(), "the policy proposes urgent");

        assertTrue(Poll.until(WAIT, () -> allIn(stage.store(), List.of(held, raised), DeliveryState.DELIVERED)),
                () -> stage.store().events(held.id()) + " " + stage.store().events(raised.id()));
        // RIS holds stat: urgent is not sent, the row asks for nothing, the history says why
        assertEquals(Optional.empty(), stage.store().get(held.id()).orElseThrow().priority());
        assertTrue(stage.store().events(held.id()).stream().anyMatch(e -> e.detail() != null
                && e.detail().contains("the RIS holds priority stat; urgent would not raise it: no priority sent")),
                stage.store().events(held.id()).toString());
        assertTrue(fhir.all(Task.class).stream().noneMatch(t -> t.getIdentifierFirstRep().getValue().equals("r-held.1")),
                "no Task asking for less than the RIS holds");
        assertTrue(fhir.all(DiagnosticReport.class).stream()
                .anyMatch(r -> r.getIdentifierFirstRep().getValue().equals("r-held.1")), "the report itself went out");
        assertTrue(fhir.all(ServiceRequest.class).stream().filter(r -> r.getIdentifierFirstRep().getValue()
                .equals("ACC-HELD-STAT")).allMatch(r -> r.getPriority() == ServiceRequest.ServiceRequestPriority.STAT));
        // RIS holds routine: urgent raises it, and the history says what the RIS held
        assertEquals(Optional.of(WorklistPriority.URGENT), stage.store().get(raised.id()).orElseThrow().priority());
        assertTrue(stage.store().events(raised.id()).stream().anyMatch(e -> e.detail() != null
                && e.detail().contains("the RIS holds priority routine; asking for urgent raises it")));
        assertEquals(Task.TaskPriority.URGENT, fhir.all(Task.class).stream()
                .filter(t -> t.getIdentifierFirstRep().getValue().equals("r-raise.1")).findFirst().orElseThrow().getPriority());
    }

    @Test
    void aLaneSendsAtMostItsConcurrencyAtOnceClaimsOneAheadAndTheRestWaitUnclaimed() {
        DeliveryStage stage = stage("node-a", Map.of("ris-fhir", 2));
        java.util.concurrent.CountDownLatch hung = fhir.hang();
        try {
            stage.start(Duration.ofSeconds(1));
            List<Delivery> created = new java.util.ArrayList<>();
            for (String id : List.of("r-par-1", "r-par-2", "r-par-3", "r-par-4")) {
                results.put(id + ".1", new ResultSource.Deliverable(Results.negative(), context(), Instant.now()));
                created.add(stage.accept(new DeliveryStage.ReadyResult(id, 1, "job-" + id,
                        Results.study().studyInstanceUid(), "lung-nodules", Results.negative(), DeliveryMode.CLINICAL,
                        List.of("ris-fhir"), PriorityPolicy.VENDOR, Optional.empty())).get(0));
            }
            // two on the wire (the server holds both), one claimed and built ahead of them
            assertTrue(Poll.until(WAIT, () -> fhir.held() == 2
                            && count(stage.store(), created, DeliveryState.SENDING) == 2 + SinkLane.AHEAD),
                    () -> "held " + fhir.held() + ": " + stage.store().forResult("r-par-1"));
            // the fourth is not claimed while no place is free for it, and no third transaction goes out
            assertFalse(Poll.until(Duration.ofSeconds(2), () -> count(stage.store(), created, DeliveryState.SENDING) > 3
                    || fhir.held() > 2));
            assertEquals(1, count(stage.store(), created, DeliveryState.PENDING));
            hung.countDown();
            assertTrue(Poll.until(WAIT, () -> allIn(stage.store(), created, DeliveryState.DELIVERED)),
                    () -> created.stream().map(d -> stage.store().events(d.id()).toString()).toList().toString());
        } finally {
            hung.countDown();
            fhir.hang().countDown();
        }
    }

    private static long count(DeliveryStore store, List<Delivery> deliveries, DeliveryState state) {
        return deliveries.stream().filter(d -> store.get(d.id()).orElseThrow().state() == state).count();
    }

    @Test
    void aProbableEmbolismReachesBothSinksAsStat() throws Exception {
        DeliveryStage stage = stage("node-a");
        stage.start(Duration.ofMillis(100));
        int hl7Before = mllp.received().size();
        List<Delivery> created = stage.accept(ready("r-pe", embolism(0.93), DeliveryMode.CLINICAL, PE_STAT));
        assertEquals(2, created.size());
        assertTrue(created.stream().allMatch(d -> d.priority().equals(Optional.of(WorklistPriority.STAT))));

        assertTrue(Poll.until(WAIT, () -> allIn(stage.store(), created, DeliveryState.DELIVERED)),
                () -> stage.store().forResult("r-pe").toString());
        Task task = fhir.all(Task.class).stream().filter(t -> t.getIdentifierFirstRep().getValue().equals("r-pe.1"))
                .findFirst().orElseThrow();
        assertEquals(Task.TaskPriority.STAT, task.getPriority());
        assertEquals(hl7Before + 1, mllp.received().size());
        assertEquals("S", new Terser(mllp.received().get(mllp.received().size() - 1)).get("/.TQ1-9-1"));
        Delivery fhirDelivery = stage.store().forResult("r-pe").stream().filter(d -> d.sink().equals("ris-fhir")).findFirst().orElseThrow();
        assertTrue(fhirDelivery.receipt().contains("DiagnosticReport/"), fhirDelivery.receipt());
        assertTrue(stage.store().preparedText(fhirDelivery.id()).orElseThrow().contains("\"resourceType\": \"Bundle\""));
        assertTrue(stage.store().events(fhirDelivery.id()).stream().anyMatch(e -> e.to() == DeliveryState.DELIVERED));
    }

    @Test
    void aFhirServerThatFailsDoesNotHoldBackHl7AndIsRetriedUntilItTakesTheResult() {
        DeliveryStage stage = stage("node-a");
        fhir.failNext(2, TestFhirServer.serverError("RIS database restarting"));
        stage.start(Duration.ofMillis(100));
        List<Delivery> created = stage.accept(ready("r-retry", Results.nodule(9, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR));
        Delivery viaFhir = created.stream().filter(d -> d.sink().equals("ris-fhir")).findFirst().orElseThrow();
        Delivery viaHl7 = created.stream().filter(d -> d.sink().equals("ris-hl7")).findFirst().orElseThrow();

        assertTrue(Poll.until(WAIT, () -> stage.store().get(viaFhir.id()).orElseThrow().state() == DeliveryState.DELIVERED),
                () -> stage.store().events(viaFhir.id()).toString());
        assertEquals(DeliveryState.DELIVERED, stage.store().get(viaHl7.id()).orElseThrow().state());
        Delivery done = stage.store().get(viaFhir.id()).orElseThrow();
        assertEquals(3, done.attempts(), "two refusals, then the success");
        assertTrue(stage.store().events(viaFhir.id()).stream().anyMatch(e -> e.detail().contains("RIS database restarting")));
    }

    @Test
    void aRefusalNoRetryCanCureIsDeadLetteredAndAReplayDeliversIt() {
        DeliveryStage stage = stage("node-a");
        fhir.failNext(1, TestFhirServer.unprocessable("patient unknown in this RIS"));
        stage.start(Duration.ofMillis(100));
        List<Delivery> created = stage.accept(ready("r-dead", Results.nodule(9, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR));
        Delivery viaFhir = created.stream().filter(d -> d.sink().equals("ris-fhir")).findFirst().orElseThrow();

        assertTrue(Poll.until(WAIT, () -> stage.store().get(viaFhir.id()).orElseThrow().state() == DeliveryState.DEAD_LETTER));
        Delivery dead = stage.store().get(viaFhir.id()).orElseThrow();
        assertEquals(1, dead.attempts());
        assertTrue(dead.lastError().contains("HTTP 422") && dead.lastError().contains("patient unknown"), dead.lastError());

        stage.retry(viaFhir.id(), "operator alice");
        assertTrue(Poll.until(WAIT, () -> stage.store().get(viaFhir.id()).orElseThrow().state() == DeliveryState.DELIVERED));
        assertTrue(stage.store().events(viaFhir.id()).stream().anyMatch(e -> e.detail().contains("replayed by operator alice")));
    }

    @Test
    void aShadowRouteBuildsValidatesAndKeepsButSendsNothing() {
        DeliveryStage stage = stage("node-a");
        stage.start(Duration.ofMillis(100));
        int transactions = fhir.transactions();
        int messages = mllp.received().size();
        List<Delivery> created = stage.accept(ready("r-shadow", embolism(0.97), DeliveryMode.SHADOW, PE_STAT));

        assertTrue(Poll.until(WAIT, () -> allIn(stage.store(), created, DeliveryState.KEPT)));
        assertEquals(transactions, fhir.transactions());
        assertEquals(messages, mllp.received().size());
        Delivery hl7 = created.stream().filter(d -> d.sink().equals("ris-hl7")).findFirst().orElseThrow();
        String text = stage.store().preparedText(hl7.id()).orElseThrow();
        assertTrue(text.startsWith("MSH|^~\\&|VARDE"), text);
        assertTrue(text.contains("ORU^R01"), text);
        assertFalse(fhir.all(DiagnosticReport.class).stream().anyMatch(r -> r.getIdentifierFirstRep().getValue().equals("r-shadow.1")));
    }

    @Test
    void aLaterResultNeverLowersWhatWasAlreadyAskedForTheStudy() {
        DeliveryStage stage = stage("node-a");
        List<Delivery> first = stage.accept(ready("r-first", embolism(0.95), DeliveryMode.CLINICAL, PE_STAT));
        assertEquals(Optional.of(WorklistPriority.STAT), first.get(0).priority());
        List<Delivery> second = stage.accept(ready("r-second", Results.nodule(12, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR));
        assertEquals(Optional.empty(), second.get(0).priority(), "urgent after stat asks for nothing");
    }

    @Test
    void acceptingTheSameResultTwiceCreatesNoSecondDelivery() {
        DeliveryStage stage = stage("node-a");
        List<Delivery> first = stage.accept(ready("r-once", Results.nodule(9, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR));
        List<Delivery> again = stage.accept(ready("r-once", Results.nodule(9, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR));
        assertEquals(first.stream().map(Delivery::id).toList(), again.stream().map(Delivery::id).toList());
        assertEquals(2, stage.store().forResult("r-once").size());
    }

    @Test
    void deliveriesAcceptedBeforeARestartGoOutAfterIt() {
        DeliveryStage before = stage("node-a");   // never started: the node died before its lanes ran
        List<Delivery> created = before.accept(ready("r-restart", Results.nodule(9, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR));
        before.close();
        stages.remove(before);

        DeliveryStage after = stage("node-b");
        after.start(Duration.ofMillis(100));
        assertTrue(Poll.until(WAIT, () -> allIn(after.store(), created, DeliveryState.DELIVERED)));
    }

    @Test
    void aResultThatIsGoneIsDeadLetteredWithTheReason() {
        DeliveryStage stage = stage("node-a");
        DeliveryStage.ReadyResult r = ready("r-gone", Results.nodule(9, 0.9), DeliveryMode.CLINICAL, PriorityPolicy.VENDOR);
        results.remove("r-gone.1");
        stage.start(Duration.ofMillis(100));
        List<Delivery> created = stage.accept(r);
        assertTrue(Poll.until(WAIT, () -> allIn(stage.store(), created, DeliveryState.DEAD_LETTER)));
        assertTrue(stage.store().get(created.get(0).id()).orElseThrow().lastError().contains("no longer held"));
    }
}
