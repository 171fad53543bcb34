package org.varde.gateway.assembly;

import com.google.re2j.Pattern;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.MppsRequest;
import org.varde.dicom.dimse.MppsResponse;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.routing.CompletionSettings;
import org.varde.gateway.routing.Condition;
import org.varde.gateway.routing.Route;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.assembly.Instances.ct;
import static org.varde.gateway.assembly.Instances.study;

/**
 * How study completion behaves on a database: run against embedded H2 and PostgreSQL by the
 * subclasses, which hand out an empty, migrated database for each test. Deadlines are driven by a
 * hand-moved clock and explicit sweeps, except where the Vert.x timer itself is under test.
 */
abstract class StudyAssemblerContract {
    static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
    static final Duration IDLE = Duration.ofSeconds(60);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final String MPPS = UID.ModalityPerformedProcedureStep;
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Pools pools = new Pools("assembly-test");
    private final List<StudyAssembler> nodes = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MutableClock clock;
    TestDatabase database;
    Vertx vertx;
    JdbcJournal journal;

    /** Empties (or creates) the database of this test, migrated. */
    abstract TestDatabase emptyDatabase() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        database = emptyDatabase();
        clock = new MutableClock(T0);
        vertx = Vertx.vertx();
        journal = JdbcJournal.open(new StoreSettings(database.jdbcUrl(), database.user(), ""));
    }

    @AfterEach
    void closeAll() throws Exception {
        nodes.forEach(StudyAssembler::close);
        await(vertx.close());
        pools.close();
        journal.close();
    }

    /** A gateway node: its own pool on the shared database, started (resumed from the database). */
    StudyAssembler node(Clock nodeClock, CompletionPolicy policy, StudyCompletionListener listener,
                        AssemblerOptions options) {
        HikariDataSource pool = pools.open(database);
        StudyAssembler node = new StudyAssembler(pool, vertx, nodeClock, policy, listener, options,
                new AssemblyMetrics(registry));
        nodes.add(node);
        await(node.start());
        return node;
    }

    /** A node on the test clock whose own timers stay out of the way: the test sweeps by hand. */
    StudyAssembler node(CompletionPolicy policy, StudyCompletionListener listener) {
        return node(clock, policy, listener, quiet("node-" + nodes.size()));
    }

    static AssemblerOptions quiet(String nodeId) {
        return AssemblerOptions.defaults(nodeId).withSweepInterval(Duration.ofHours(1));
    }

    /** What ingest does: journal the instance, then tell the assembler. */
    void store(StudyAssembler node, InstanceRecord instance) {
        journal.record(instance);
        await(node.instanceStored(instance));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not succeed: " + e, e);
        }
    }

    StudyStatus status(StudyAssembler node, int study) {
        return await(node.status(study(study))).orElseThrow();
    }

    double completedCount(CompletionTrigger trigger) {
        var counter = registry.find("varde.studies.completed").tag("trigger", trigger.name().toLowerCase()).counter();
        return counter == null ? 0 : counter.count();
    }

    // ---------------------------------------------------------------- idle

    @Test
    void idleTimerCompletesTheStudyOnceNoSoonerThanTheIdleTimeAfterItsLastInstance() {
        CompletionRecorder routing = new CompletionRecorder();
        // long enough that the first instance's deadline cannot pass before the second is recorded, even
        // on a loaded machine (it would complete the study without it)
        Duration idle = Duration.ofSeconds(1);
        // the real clock and no safety sweep: only the timer armed by the arrivals can complete it
        StudyAssembler node = node(Clock.systemUTC(), CompletionPolicy.idle(idle), routing, quiet("timer"));
        store(node, ct(1, 1, 1));
        Instant beforeLast = Instant.now();
        store(node, ct(1, 1, 2));

        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1), "the idle timer completed the study");
        StudyCompleted done = routing.only();
        assertEquals(CompletionTrigger.IDLE, done.trigger());
        assertEquals(0, done.generation());
        assertFalse(done.isUpdate());
        assertFalse(done.completedAt().isBefore(beforeLast.plus(idle)),
                "completed " + Duration.between(beforeLast, done.completedAt()).toMillis()
                        + " ms after the last instance");
        await(node.sweep());
        assertEquals(1, routing.calls.get(), "fired once");
        assertTrue(Poll.until(WAIT, () -> status(node, 1).routed()), "the hand-over is recorded");
        assertEquals(1.0, completedCount(CompletionTrigger.IDLE));
    }

    @Test
    void aNewInstanceMovesTheIdleDeadline() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(CompletionPolicy.idle(IDLE), routing);
        store(node, ct(1, 1, 1));
        clock.advance(Duration.ofSeconds(40));
        store(node, ct(1, 1, 2));
        assertEquals(clock.instant().plus(IDLE), status(node, 1).idleDeadline());

        clock.advance(Duration.ofSeconds(30));   // 70 s after the first instance, 30 s after the second
        assertEquals(0, await(node.sweep()));
        assertEquals(StudyStatus.State.ASSEMBLING, status(node, 1).state());

        clock.advance(Duration.ofSeconds(30));   // 60 s after the second
        assertEquals(1, await(node.sweep()));
        assertEquals(T0.plus(Duration.ofSeconds(100)), routing.only().completedAt());
        assertEquals(T0.plus(Duration.ofSeconds(40)), lastInstanceAt(Instances.study(1), 0),
                "the generation keeps its last instance's time for the turnaround figures (V26)");
    }

    Instant lastInstanceAt(String study, int generation) {
        try (Connection c = journal.dataSource().getConnection();
             PreparedStatement ps = org.varde.gateway.store.Jdbc.prepare(c, "SELECT last_instance_at FROM "
                     + "study_generations WHERE study_instance_uid = ? AND generation = ?", study, generation);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? org.varde.gateway.store.Jdbc.instant(rs, 1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRestartedNodeResumesThePendingTimerFromTheDatabase() {
        CompletionRecorder before = new CompletionRecorder();
        // long enough that the first node is closed before its own timer could fire, even on a loaded machine
        Duration idle = Duration.ofSeconds(1);
        StudyAssembler first = node(Clock.systemUTC(), CompletionPolicy.idle(idle), before, quiet("before"));
        store(first, ct(1, 1, 1));
        first.close();

        CompletionRecorder after = new CompletionRecorder();
        StudyAssembler restarted = node(Clock.systemUTC(), CompletionPolicy.idle(idle), after, quiet("after"));
        assertTrue(Poll.until(WAIT, () -> after.routed.size() == 1), "the restarted node's timer completed the study");
        assertEquals(CompletionTrigger.IDLE, after.only().trigger());
        assertEquals(0, before.calls.get());
        assertEquals(StudyStatus.State.COMPLETE, status(restarted, 1).state());
    }

    @Test
    void aDeadlineSetByAnotherNodeIsCompletedByTheSafetySweep() {
        // long enough that the receiver is closed before its own timer could fire, even on a loaded machine
        Duration idle = Duration.ofSeconds(1);
        CompletionRecorder routing = new CompletionRecorder();
        // started before the study exists, so its own timer knows of no deadline: only its sweep can find it
        StudyAssembler watcher = node(Clock.systemUTC(), CompletionPolicy.idle(idle), routing,
                AssemblerOptions.defaults("watcher").withSweepInterval(Duration.ofMillis(300)));
        StudyAssembler receiver = node(Clock.systemUTC(), CompletionPolicy.idle(idle), new CompletionRecorder(),
                quiet("receiver"));
        store(receiver, ct(1, 1, 1));
        receiver.close();   // the receiving node dies before its timer fires

        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1), "the other node's sweep completed the study");
        assertEquals(CompletionTrigger.IDLE, routing.only().trigger());
    }

    @Test
    void theRecordingCompletesOnTheCallersContextSoIngestAnswersOnItsOwnEventLoop() {
        StudyAssembler node = node(CompletionPolicy.idle(IDLE), new CompletionRecorder());
        InstanceRecord instance = ct(1, 1, 1);
        journal.record(instance);
        Context association = vertx.getOrCreateContext();
        Promise<Boolean> sameContext = Promise.promise();
        association.runOnContext(v -> node.instanceStored(instance)
                .onComplete(r -> sameContext.complete(r.succeeded() && Vertx.currentContext() == association)));
        assertTrue(await(sameContext.future()));
    }

    // ---------------------------------------------------------------- MPPS

    @Test
    void mppsCompletedCompletesTheStudyWhenTheLastReferencedInstanceArrives() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(CompletionPolicy.idle(IDLE, GRACE), routing);
        MppsCompletion mpps = new MppsCompletion(node);
        store(node, ct(1, 1, 1));
        assertEquals(Status.SUCCESS, await(mpps.create(request("9.1", inProgress(1)))).status());
        assertEquals(Status.SUCCESS, await(mpps.set(request("9.1", finalStep(MppsRules.COMPLETED, 1, 3)))).status());
        assertEquals(StudyStatus.State.ASSEMBLING, status(node, 1).state(), "two referenced instances are missing");

        store(node, ct(1, 1, 2));
        assertEquals(StudyStatus.State.ASSEMBLING, status(node, 1).state());
        store(node, ct(1, 1, 3));
        assertEquals(StudyStatus.State.COMPLETE, status(node, 1).state());
        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1));
        assertEquals(CompletionTrigger.MPPS_COMPLETED, routing.only().trigger());
        assertEquals(T0, routing.only().completedAt(), "at once, not after the idle time");
    }

    @Test
    void mppsCompletedWithAnInstanceThatNeverArrivesCompletesAfterTheGrace() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(CompletionPolicy.idle(IDLE, GRACE), routing);
        MppsCompletion mpps = new MppsCompletion(node);
        await(mpps.create(request("9.2", inProgress(1))));
        store(node, ct(1, 1, 1));
        await(mpps.set(request("9.2", finalStep(MppsRules.COMPLETED, 1, 2))));

        clock.advance(GRACE.minusSeconds(1));
        assertEquals(0, await(node.sweep()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, await(node.sweep()));
        assertEquals(CompletionTrigger.MPPS_COMPLETED, routing.only().trigger());
        assertEquals(T0.plus(GRACE), routing.only().completedAt(), "by the grace, before the 60 s idle time");
    }

    @Test
    void mppsDiscontinuedCompletesTheStudyAndIsRecorded() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(CompletionPolicy.idle(IDLE, GRACE), routing);
        MppsCompletion mpps = new MppsCompletion(node);
        await(mpps.create(request("9.3", inProgress(1))));
        store(node, ct(1, 1, 1));
        await(mpps.set(request("9.3", finalStep(MppsRules.DISCONTINUED, 1, 5))));

        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1));
        assertEquals(CompletionTrigger.MPPS_DISCONTINUED, routing.only().trigger());
        assertEquals(MppsRules.DISCONTINUED, node.mpps().status(Instances.ROOT + ".9.3").orElseThrow());
        assertEquals(1.0, completedCount(CompletionTrigger.MPPS_DISCONTINUED));
    }

    @Test
    void mppsStateRulesAnswerTheStatusesOfPs34() {
        StudyAssembler node = node(CompletionPolicy.idle(IDLE, GRACE), new CompletionRecorder());
        MppsCompletion mpps = new MppsCompletion(node);
        assertEquals(Status.NO_SUCH_SOP_INSTANCE,
                await(mpps.set(request("9.4", finalStep(MppsRules.COMPLETED, 1, 1)))).status(), "0112 on N-SET");
        assertEquals(Status.SUCCESS, await(mpps.create(request("9.4", inProgress(1)))).status());
        assertEquals(Status.DUPLICATE_SOP_INSTANCE, await(mpps.create(request("9.4", inProgress(1)))).status(),
                "0111 on a second N-CREATE");
        assertEquals(Status.SUCCESS, await(mpps.set(request("9.4", finalStep(MppsRules.DISCONTINUED, 1, 1)))).status());
        MppsResponse late = await(mpps.set(request("9.4", finalStep(MppsRules.COMPLETED, 1, 1))));
        assertEquals(Status.PROCESSING_FAILURE, late.status());
        assertEquals(MppsRules.ERROR_ID_NO_LONGER_UPDATABLE, late.errorId());
        Attributes completedAtCreate = inProgress(1);
        completedAtCreate.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.COMPLETED);
        assertEquals(Status.INVALID_ATTRIBUTE_VALUE, await(mpps.create(request("9.5", completedAtCreate))).status());
        assertTrue(node.mpps().status(Instances.ROOT + ".9.5").isEmpty(), "a refused create stores nothing");
    }

    // ---------------------------------------------------------------- expected series and explicit

    static final int THIN_SLICES = 24;
    static final Duration SETTLE = Duration.ofSeconds(5);

    /** The CT thorax route: complete after 600 s quiet, or {@link #SETTLE} after the thin axial series. */
    static CompletionPolicy thinAxialPolicy(Duration defaultSettle) {
        Condition thinAxial = new Condition.All(List.of(
                new Condition.Regex("SeriesDescription", Pattern.compile("(?i)thorax.*1\\.0")),
                new Condition.Equals("ImageType", "AXIAL")));
        Route route = new Route("ct-thorax", new Condition.Equals("Modality", "CT"), null, List.of("lung-nodules"),
                RouteMode.SHADOW, new CompletionSettings(600, thinAxial, null, false));
        return new RouteCompletionPolicy(new RouteSet(List.of(route)), IDLE, GRACE, defaultSettle);
    }

    static InstanceRecord thinAxial(int study, int slice) {
        return ct(study, 3, slice, "Thorax 1.0 B60f", "ORIGINAL\\PRIMARY\\AXIAL");
    }

    /** Instances recorded in {@code generation} of study {@code study}, as the job selection reads them. */
    int arrivals(int study, int generation) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM study_arrivals "
                     + "WHERE study_instance_uid = ? AND generation = ?")) {
            ps.setString(1, study(study));
            ps.setInt(2, generation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theExpectedSeriesStreamedInCompletesOnceASettleTimeAfterItsLastSlice() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(thinAxialPolicy(SETTLE), routing);

        store(node, ct(1, 1, 1, "Thorax 5.0 B30f", "ORIGINAL\\PRIMARY\\AXIAL"));
        store(node, ct(1, 2, 1, "Thorax 1.0 B60f", "DERIVED\\SECONDARY\\CORONAL"));
        assertEquals(T0.plusSeconds(600), status(node, 1).idleDeadline(), "neither series is the thin axial one");

        for (int slice = 1; slice <= THIN_SLICES; slice++) {
            clock.advance(Duration.ofSeconds(1));
            store(node, thinAxial(1, slice));
            StudyStatus assembling = status(node, 1);
            assertEquals(StudyStatus.State.ASSEMBLING, assembling.state(), "slice " + slice + " is not the last");
            assertEquals(clock.instant().plus(SETTLE), assembling.idleDeadline(), "settles after slice " + slice);
            assertEquals(0, await(node.sweep()));
        }
        clock.advance(SETTLE.minusMillis(1));
        assertEquals(0, await(node.sweep()), "not before the settle time after the last slice");

        clock.advance(Duration.ofMillis(1));
        assertEquals(1, await(node.sweep()));
        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1));
        StudyCompleted completed = routing.only();
        assertEquals(CompletionTrigger.EXPECTED_SERIES, completed.trigger());
        assertEquals(0, completed.generation());
        assertEquals(THIN_SLICES + 2, arrivals(1, 0), "every slice and both other series are in generation 0");
        assertEquals(1, completedCount(CompletionTrigger.EXPECTED_SERIES));
    }

    @Test
    void anotherSeriesArrivingAfterTheExpectedOneMovesTheSettleDeadline() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(thinAxialPolicy(SETTLE), routing);
        store(node, thinAxial(1, 1));
        clock.advance(Duration.ofSeconds(3));
        // the scanner still sends its reformats: the study is not complete while images stream in
        store(node, ct(1, 2, 1, "Thorax 1.0 B60f", "DERIVED\\SECONDARY\\CORONAL"));
        assertEquals(clock.instant().plus(SETTLE), status(node, 1).idleDeadline());

        clock.advance(Duration.ofSeconds(3));
        assertEquals(0, await(node.sweep()), "5 s after the first series, but only 3 s after the reformat");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, await(node.sweep()));
        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1));
        assertEquals(CompletionTrigger.EXPECTED_SERIES, routing.only().trigger());
        assertEquals(2, arrivals(1, 0));
    }

    @Test
    void lateSlicesAfterCompletionOpenExactlyOneFollowUpThatSettlesOnItsOwn() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(thinAxialPolicy(SETTLE), routing);
        for (int slice = 1; slice <= 3; slice++) {
            store(node, thinAxial(1, slice));
        }
        clock.advance(SETTLE);
        assertEquals(1, await(node.sweep()));
        assertTrue(Poll.until(WAIT, () -> status(node, 1).routed()));

        for (int slice = 4; slice <= THIN_SLICES; slice++) {
            clock.advance(Duration.ofMillis(500));
            store(node, thinAxial(1, slice));
            StudyStatus followUp = status(node, 1);
            assertEquals(StudyStatus.State.ASSEMBLING, followUp.state(), "late slice " + slice + " is not the last");
            assertEquals(1, followUp.generation(), "one follow-up for the whole burst");
            assertEquals(0, await(node.sweep()));
        }
        assertEquals(1, routing.routed.size(), "the follow-up never completes on the instance that opened it");

        clock.advance(SETTLE);
        assertEquals(1, await(node.sweep()));
        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 2));
        StudyCompleted update = routing.routed.get(1);
        assertEquals(1, update.generation());
        assertTrue(update.isUpdate());
        assertEquals(CompletionTrigger.EXPECTED_SERIES, update.trigger());
        assertEquals(3, arrivals(1, 0));
        assertEquals(THIN_SLICES - 3, arrivals(1, 1));
        assertEquals(0, await(node.sweep()));
        assertEquals(2, routing.calls.get());
    }

    @Test
    void theSettleTimerCompletesTheStudyWithoutASweepLongBeforeTheIdleTime() {
        CompletionRecorder routing = new CompletionRecorder();
        Duration settle = Duration.ofMillis(400);
        // the real clock and no safety sweep: only the timer armed for the settle deadline completes it
        StudyAssembler node = node(Clock.systemUTC(), thinAxialPolicy(settle), routing, quiet("timer"));
        for (int slice = 1; slice <= THIN_SLICES; slice++) {
            store(node, thinAxial(1, slice));
        }
        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 1), "completed by the settle timer");
        // measured from the last slice's recorded arrival: a moment the test takes after store() returns
        // can be later than that arrival by more than any fixed allowance on a loaded machine
        StudyStatus done = status(node, 1);
        assertFalse(done.completedAt().isBefore(done.lastReceivedAt().plus(settle)),
                "not before the settle time after the last slice: last " + done.lastReceivedAt() + ", completed "
                        + done.completedAt());
        assertEquals(CompletionTrigger.EXPECTED_SERIES, routing.only().trigger());
        assertEquals(THIN_SLICES, arrivals(1, 0));
    }

    @Test
    void explicitCompletionAnswersCompletedAlreadyCompleteAndUnknown() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(CompletionPolicy.idle(IDLE), routing);
        store(node, ct(1, 1, 1));

        assertEquals(new ExplicitCompletion(ExplicitCompletion.Outcome.UNKNOWN_STUDY, study(2), -1),
                await(node.complete(study(2))));
        assertEquals(new ExplicitCompletion(ExplicitCompletion.Outcome.COMPLETED, study(1), 0),
                await(node.complete(study(1))));
        assertEquals(new ExplicitCompletion(ExplicitCompletion.Outcome.ALREADY_COMPLETE, study(1), 0),
                await(node.complete(study(1))));
        assertTrue(Poll.until(WAIT, () -> status(node, 1).routed()), "the hand-over is recorded");
        assertEquals(CompletionTrigger.API, routing.only().trigger());
        clock.advance(IDLE);
        assertEquals(0, await(node.sweep()), "the idle deadline does not fire a second time");
        assertEquals(1, routing.calls.get());
    }

    // ---------------------------------------------------------------- follow-ups

    @Test
    void anInstanceAfterCompletionOpensGenerationOneRoutedAsAnUpdate() {
        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler node = node(CompletionPolicy.idle(IDLE), routing);
        store(node, ct(1, 1, 1));
        await(node.complete(study(1)));
        // routed before the clock passes its hand-over retry time, or the sweep below would repeat it
        assertTrue(Poll.until(WAIT, () -> status(node, 1).routed()));

        store(node, ct(1, 1, 1));
        assertEquals(StudyStatus.State.COMPLETE, status(node, 1).state(), "a resent instance brings nothing new");

        store(node, ct(1, 2, 1));
        StudyStatus reopened = status(node, 1);
        assertEquals(StudyStatus.State.ASSEMBLING, reopened.state());
        assertEquals(1, reopened.generation());

        clock.advance(IDLE);
        assertEquals(1, await(node.sweep()));
        assertTrue(Poll.until(WAIT, () -> routing.routed.size() == 2));
        StudyCompleted update = routing.routed.get(1);
        assertEquals(1, update.generation());
        assertTrue(update.isUpdate());
        assertEquals(CompletionTrigger.IDLE, update.trigger());
        assertFalse(routing.routed.get(0).isUpdate());
    }

    // ---------------------------------------------------------------- several nodes, durable hand-over

    @Test
    void twoNodesRacingOnDueStudiesCompleteEachGenerationExactlyOnce() {
        CompletionRecorder routingA = new CompletionRecorder();
        CompletionRecorder routingB = new CompletionRecorder();
        StudyAssembler a = node(clock, CompletionPolicy.idle(IDLE), routingA, quiet("node-a"));
        StudyAssembler b = node(clock, CompletionPolicy.idle(IDLE), routingB, quiet("node-b"));
        int studies = 40;
        for (int s = 1; s <= studies; s++) {
            // a study split across both nodes
            store(a, ct(s, 1, 1));
            store(b, ct(s, 1, 2));
        }
        clock.advance(IDLE);
        for (int round = 0; round < 3; round++) {
            Future<Integer> sweepA = a.sweep();
            Future<Integer> sweepB = b.sweep();
            await(sweepA);
            await(sweepB);
        }
        assertTrue(Poll.until(WAIT, () -> routingA.routed.size() + routingB.routed.size() == studies));
        Set<String> completed = new HashSet<>();
        routingA.routed.forEach(c -> assertTrue(completed.add(c.studyInstanceUid()), "twice: " + c));
        routingB.routed.forEach(c -> assertTrue(completed.add(c.studyInstanceUid()), "twice: " + c));
        assertEquals(studies, completed.size());
        assertEquals(studies, routingA.calls.get() + routingB.calls.get(), "the listener fired once per study");
    }

    @Test
    void aFailedHandOverIsRepeatedByTheSweepEvenOnAnotherNode() {
        CompletionRecorder failing = new CompletionRecorder(1);
        AssemblerOptions options = quiet("failing").withHandOverRetry(Duration.ofSeconds(30));
        StudyAssembler first = node(clock, CompletionPolicy.idle(IDLE), failing, options);
        store(first, ct(1, 1, 1));
        await(first.complete(study(1)));
        assertTrue(Poll.until(WAIT, () -> failing.calls.get() == 1));
        assertFalse(status(first, 1).routed());

        assertEquals(0, await(first.sweep()), "not before the retry time");
        first.close();   // the node goes away before it retried

        CompletionRecorder routing = new CompletionRecorder();
        StudyAssembler second = node(clock, CompletionPolicy.idle(IDLE), routing, quiet("second"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, await(second.sweep()));
        assertTrue(Poll.until(WAIT, () -> status(second, 1).routed()));
        assertEquals(CompletionTrigger.API, routing.only().trigger());
        assertEquals(0, await(second.sweep()), "handed over once it succeeded");
        assertEquals(1, routing.calls.get());
    }

    // ---------------------------------------------------------------- MPPS data sets

    /** PS3.4 F.7.2.1: the N-CREATE a CT sends when the first image is acquired. */
    static Attributes inProgress(int study) {
        Attributes ds = new Attributes();
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS-" + study);
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.IN_PROGRESS);
        Attributes scheduled = new Attributes(ds);
        scheduled.setString(Tag.StudyInstanceUID, VR.UI, study(study));
        ds.newSequence(Tag.ScheduledStepAttributesSequence).add(scheduled);
        ds.newSequence(Tag.PerformedSeriesSequence);
        return ds;
    }

    /** PS3.4 F.7.2.2: the final N-SET, referencing instances 1..images of series 1 of the study. */
    static Attributes finalStep(String status, int study, int images) {
        Attributes ds = new Attributes();
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, status);
        Attributes series = new Attributes(ds);
        String seriesUid = study(study) + ".1";
        series.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        List<Attributes> refs = series.newSequence(Tag.ReferencedImageSequence);
        for (int i = 1; i <= images; i++) {
            Attributes ref = new Attributes(series);
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, seriesUid + "." + i);
            refs.add(ref);
        }
        ds.newSequence(Tag.PerformedSeriesSequence).add(series);
        return ds;
    }

    static MppsRequest request(String step, Attributes dataSet) {
        return new MppsRequest(null, 1, MPPS, Instances.ROOT + "." + step, false, dataSet);
    }
}
