package org.varde.gateway.results;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.worklist.OutputObject;
import org.varde.gateway.worklist.ProcedureStepState;
import org.varde.gateway.worklist.Workitem;
import org.varde.gateway.worklist.WorkitemJson;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.ups.PerformedWorkitem;
import org.varde.testdata.sandbox.ups.SandboxUpsVendor;
import org.varde.testdata.sandbox.ups.UpsMisbehaviour;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IHE AIW-I pull end to end over real sockets: storescu → Varde, which schedules a UPS workitem per
 * job → the sandbox chest X-ray triage vendor polls Varde's UPS-RS worklist, claims, retrieves the
 * images by WADO-RS, runs its opacity detector, stores a TID 1500 SR by STOW-RS and completes → the
 * results stage, the job DONE. The gateway is restarted between scheduling and performing: the
 * workitems are still there. Each misbehaviour (never claims, claims and never completes, cancels,
 * completes without a result) ends in the right job and workitem state with a clear message. A vendor
 * subscribed to the worklist learns of new workitems and of Varde's cancellation requests by event. A
 * {@code ups} algorithm with {@code privacy.pseudonymize: true} loads, but its dispatch is refused: the job
 * is dead-lettered saying why, no workitem is scheduled and the vendor is given nothing.
 */
class UpsRoundTripTest {
    private static final String PULMONARY_NODULE = "786838002";

    @TempDir
    Path dir;

    @Test
    void aChestXrayWithAndOneWithoutAPlantedOpacityComeBackMatchingTheirGroundTruthAcrossARestart() throws Exception {
        Path positiveSet = dir.resolve("pos");
        Path negativeSet = dir.resolve("neg");
        StudyGenerator.generate(positiveSet, new GeneratorOptions(StudyKind.CXR, 1, 5150, 0, 256)
                .planting(new PlantOptions(Finding.OPACITY, 25, 1.0)));
        StudyGenerator.generate(negativeSet, new GeneratorOptions(StudyKind.CXR, 1, 5151, 0, 256)
                .planting(new PlantOptions(Finding.OPACITY, 0, 0.0)));
        GroundTruth positive = GroundTruth.read(GroundTruth.fileOf(positiveSet.resolve("1")));
        GroundTruth negative = GroundTruth.read(GroundTruth.fileOf(negativeSet.resolve("1")));
        assertTrue(positive.present() && !negative.present(), "one study with, one without an opacity");

        try (UpsRoundTrip trip = UpsRoundTrip.start(dir, 180, null)) {
            trip.send(positiveSet);
            trip.send(negativeSet);
            Map<String, String> workitems = new LinkedHashMap<>();
            for (GroundTruth truth : List.of(positive, negative)) {
                trip.awaitJob(truth.studyInstanceUid(), JobState.WAITING_RESULT);
                workitems.put(truth.studyInstanceUid(), trip.awaitWorkitem(truth.studyInstanceUid(),
                        w -> w.state() == ProcedureStepState.SCHEDULED, "SCHEDULED").uid());
            }

            trip.restartGateway();
            for (GroundTruth truth : List.of(positive, negative)) {
                Workitem kept = trip.gateway.worklist().store().get(workitems.get(truth.studyInstanceUid())).orElseThrow();
                assertEquals(ProcedureStepState.SCHEDULED, kept.state(), "the workitem survived the restart");
                assertEquals("HIGH", kept.priority());
            }

            SandboxUpsVendor vendor = trip.startVendor();
            for (GroundTruth truth : List.of(positive, negative)) {
                Job job = trip.awaitJob(truth.studyInstanceUid(), JobState.DONE);
                List<StoredResult> results = trip.gateway.results().forJob(job.id());
                assertEquals(1, results.size());
                StoredResult result = results.get(0);
                assertEquals(List.of(), GroundTruthAgreement.disagreements(truth, result, PULMONARY_NODULE),
                        result.result().encode());
                assertEquals("dicomweb", result.protocol(), "the SR came by STOW-RS");
                assertEquals(UpsRoundTrip.APPROVED, result.reportedVersion());

                Workitem done = trip.awaitWorkitem(truth.studyInstanceUid(),
                        w -> w.state() == ProcedureStepState.COMPLETED, "COMPLETED");
                assertEquals(workitems.get(truth.studyInstanceUid()), done.uid(), "one workitem per job, performed once");
                // the completed workitem's Output Information references the SR Varde kept
                List<ResultObject> objects = trip.gateway.results().objects(job.id());
                assertEquals(1, objects.size());
                List<OutputObject> outputs = trip.gateway.outputsOf(job.id());
                assertEquals(List.of(objects.get(0).sopInstanceUid()), outputs.stream().map(OutputObject::sopInstanceUid)
                        .toList());
                JsonObject json = WorkitemJson.of(done, trip.gateway.worklist().store().input(done.uid()), outputs);
                JsonObject output = json.getJsonObject("00741216").getJsonArray("Value").getJsonObject(0)
                        .getJsonObject("00404033").getJsonArray("Value").getJsonObject(0);
                assertEquals(truth.studyInstanceUid(), output.getJsonObject("0020000D").getJsonArray("Value").getString(0));
                assertTrue(output.encode().contains(objects.get(0).sopInstanceUid()), output.encode());
            }
            assertEquals(2, vendor.detections().size(), "the detector ran once per workitem");
            // the vendor writes down Varde's answer to its last request after the job may already be DONE
            assertTrue(Poll.until(UpsRoundTrip.WAIT, () -> vendor.log().stream()
                    .filter(p -> p.action().equals("completed")).count() == 2), vendor.log().toString());
            List<PerformedWorkitem> log = vendor.log();
            assertEquals(2, log.stream().filter(p -> p.action().equals("claimed") && p.httpStatus() == 200).count(), log.toString());
            assertEquals(2, log.stream().filter(p -> p.action().equals("stored") && p.httpStatus() == 200).count(), log.toString());
            assertEquals(2, log.stream().filter(p -> p.action().equals("completed") && p.httpStatus() == 200).count(), log.toString());
            assertTrue(vendor.instancesRetrieved() >= 2, "WADO-RS gave the images");
            // the vendor deletes its copies after its completion request has been answered
            assertTrue(Poll.untilIo(UpsRoundTrip.WAIT, () -> {
                try (var left = Files.list(dir.resolve("vendor-spool"))) {
                    return left.count() == 0;
                }
            }), "the vendor keeps no image");
        }
    }

    @Test
    void eachMisbehaviourEndsInTheRightJobAndWorkitemStateWithAClearMessage() throws Exception {
        Map<UpsMisbehaviour, String> uids = new LinkedHashMap<>();
        Map<UpsMisbehaviour, Path> studies = new LinkedHashMap<>();
        long seed = 7300;
        for (UpsMisbehaviour how : List.of(UpsMisbehaviour.NEVER_CLAIMS, UpsMisbehaviour.CLAIMS_NEVER_COMPLETES,
                UpsMisbehaviour.CANCELS, UpsMisbehaviour.COMPLETES_WITHOUT_RESULT)) {
            Path study = dir.resolve("s-" + how.name().toLowerCase(java.util.Locale.ROOT));
            StudyGenerator.generate(study, new GeneratorOptions(StudyKind.CXR, 1, seed++, 0, 64));
            studies.put(how, study);
            uids.put(how, SandboxRoundTrip.studyUid(study));
        }
        // never claiming and never completing cost the result timeout
        try (UpsRoundTrip trip = UpsRoundTrip.start(dir, 20, null)) {
            SandboxUpsVendor vendor = trip.startVendor();
            uids.forEach((how, uid) -> vendor.misbehavingFor(uid, how));
            for (Path study : studies.values()) {
                trip.send(study);
            }

            Job canceled = trip.awaitJob(uids.get(UpsMisbehaviour.CANCELS), JobState.DEAD_LETTER);
            assertTrue(canceled.lastError().contains("the vendor canceled workitem")
                    && canceled.lastError().contains("not a PA chest radiograph"), canceled.lastError());

            Job empty = trip.awaitJob(uids.get(UpsMisbehaviour.COMPLETES_WITHOUT_RESULT), JobState.DEAD_LETTER);
            assertTrue(empty.lastError().contains("without storing a result"), empty.lastError());

            Job unclaimed = trip.awaitJob(uids.get(UpsMisbehaviour.NEVER_CLAIMS), JobState.DEAD_LETTER);
            assertTrue(unclaimed.lastError().contains("timeout: no result"), unclaimed.lastError());
            Workitem withdrawn = trip.awaitWorkitem(uids.get(UpsMisbehaviour.NEVER_CLAIMS),
                    w -> w.state() == ProcedureStepState.CANCELED, "CANCELED by Varde");
            assertEquals(Workitem.BY_VARDE, withdrawn.endedBy());
            assertTrue(withdrawn.finalReason().contains("DEAD_LETTER"), withdrawn.finalReason());

            Job held = trip.awaitJob(uids.get(UpsMisbehaviour.CLAIMS_NEVER_COMPLETES), JobState.DEAD_LETTER);
            assertTrue(held.lastError().contains("timeout: no result"), held.lastError());
            Workitem asked = trip.awaitWorkitem(uids.get(UpsMisbehaviour.CLAIMS_NEVER_COMPLETES),
                    w -> w.state() == ProcedureStepState.CANCELED, "CANCELED by its performer on Varde's request");
            assertEquals(Workitem.BY_PERFORMER, asked.endedBy());
            assertTrue(asked.cancelRequestedAt() != null && asked.cancelReason().contains("timeout"), asked.toString());
            assertTrue(asked.finalReason().contains("canceled on Varde's request"), asked.finalReason());
            assertTrue(Poll.until(UpsRoundTrip.WAIT, () -> vendor.log().stream()
                    .anyMatch(p -> p.action().equals("cancel-honoured") && p.httpStatus() == 200)), vendor.log().toString());

            // none of them was retrieved or detected: the misbehaving vendor never looked at the images
            assertEquals(0, vendor.detections().size());
            assertEquals(0, trip.gateway.results().list(null, UpsRoundTrip.ALGORITHM, 10).size());
        }
    }

    @Test
    void aSubscribedVendorLearnsOfNewWorkitemsAndCancelRequestsByEventNotByItsQuery() throws Exception {
        Path performed = dir.resolve("by-event");
        Path held = dir.resolve("held");
        StudyGenerator.generate(performed, new GeneratorOptions(StudyKind.CXR, 1, 7400, 0, 64));
        StudyGenerator.generate(held, new GeneratorOptions(StudyKind.CXR, 1, 7401, 0, 64));
        String performedUid = SandboxRoundTrip.studyUid(performed);
        String heldUid = SandboxRoundTrip.studyUid(held);
        try (UpsRoundTrip trip = UpsRoundTrip.start(dir, 20, null)) {
            // its query runs once at start and then every ten minutes: whatever it does within the test's
            // wait after the studies arrive, an event told it to
            SandboxUpsVendor vendor = trip.startVendor(java.time.Duration.ofMinutes(10), "SANDBOX_CXR");
            vendor.misbehavingFor(heldUid, UpsMisbehaviour.CLAIMS_NEVER_COMPLETES);
            trip.send(performed);
            trip.send(held);

            trip.awaitJob(performedUid, JobState.DONE);
            assertEquals(1, vendor.detections().size());
            // the held workitem's job times out (20 s); Varde asks the performer to cancel, by event too
            Workitem asked = trip.awaitWorkitem(heldUid, w -> w.state() == ProcedureStepState.CANCELED,
                    "CANCELED by its performer on Varde's request");
            assertEquals(Workitem.BY_PERFORMER, asked.endedBy());
            assertTrue(asked.finalReason().contains("canceled on Varde's request"), asked.finalReason());
            // SCP Status Change, two new workitems, two claims, a completion, a cancel request
            assertTrue(vendor.eventsHeard() >= 7, "events heard: " + vendor.eventsHeard());
        }
    }

    @Test
    void aPseudonymisedUpsAlgorithmIsRefusedAtDispatchWithNoWorkitemAndNothingServed() throws Exception {
        Path study = dir.resolve("pseudo");
        StudyGenerator.generate(study, new GeneratorOptions(StudyKind.CXR, 1, 7500, 0, 64));
        String studyUid = SandboxRoundTrip.studyUid(study);
        try (UpsRoundTrip trip = UpsRoundTrip.start(dir, 180, null, "    privacy: {pseudonymize: true}\n")) {
            SandboxUpsVendor vendor = trip.startVendor();
            trip.send(study);
            Job refused = trip.awaitJob(studyUid, JobState.DEAD_LETTER);
            // WADO-RS serves the spool's own instances: a pseudonymised copy cannot be a workitem's input
            assertTrue(refused.lastError().contains("a pseudonymised dispatch cannot be a workitem")
                    && refused.lastError().contains("privacy.pseudonymize: false"), refused.lastError());
            assertTrue(trip.gateway.worklist().store().newestOf(refused.id()).isEmpty(), "no workitem was scheduled");
            assertEquals(List.of(), trip.gateway.worklist().store().search(UpsRoundTrip.ALGORITHM, null, null, 0, 10));
            vendor.poll();
            assertEquals(List.of(), vendor.log(), "the vendor found nothing to claim");
            assertEquals(0, vendor.instancesRetrieved());
        }
    }
}
