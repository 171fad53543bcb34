package org.varde.gateway.results;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicomweb.PushOutcome;
import org.varde.testdata.sandbox.dicomweb.WebAnswer.Misbehaviour;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DICOMweb end to end over real sockets: storescu → Varde → STOW-RS → the sandbox PE vendor, which
 * runs its detector on what it received and stores a TID 1500 SR at Varde's STOW-RS endpoint with its
 * vendor token → the results stage.
 */
class DicomWebRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void aStudyWithAndOneWithoutAPlantedEmbolusComeBackMatchingTheirGroundTruth() throws Exception {
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 2, 777, 24, 256)
                .planting(new PlantOptions(Finding.PE, 0, 0.5)));
        GroundTruth positive = GroundTruth.read(GroundTruth.fileOf(set.resolve("1")));
        GroundTruth negative = GroundTruth.read(GroundTruth.fileOf(set.resolve("2")));
        assertTrue(positive.present() && !negative.present(), "one study with, one without an embolus");

        try (DicomWebRoundTrip trip = DicomWebRoundTrip.withSandbox(dir, 60, 120)) {
            trip.send(set);
            for (GroundTruth truth : List.of(positive, negative)) {
                Job job = trip.awaitResult(truth.studyInstanceUid());
                List<StoredResult> results = trip.gateway.results().forJob(job.id());
                assertEquals(1, results.size());
                StoredResult result = results.get(0);
                assertEquals(List.of(), GroundTruthAgreement.disagreements(truth, result, "59282003"),
                        result.result().encode());
                assertEquals("dicomweb", result.protocol());
                assertEquals(DicomWebRoundTrip.APPROVED, result.reportedVersion());
                List<ResultObject> objects = trip.gateway.results().objects(job.id());
                assertEquals(1, objects.size(), "the SR kept with the job: " + objects);
                assertEquals("dicomweb:" + DicomWebRoundTrip.ALGORITHM, objects.get(0).callingAeTitle());
                assertTrue(Files.isRegularFile(trip.gateway.spool().resolve(objects.get(0).spoolPath())));
            }
            // the vendor cleans up once Varde has answered its push: wait for both answers
            assertTrue(org.varde.gateway.testing.Poll.until(DicomWebRoundTrip.WAIT, () -> trip.vendor.pushes().size() == 2),
                    "both pushes answered: " + trip.vendor.pushes());
            assertEquals(2, trip.vendor.detections().size(), "the detector ran once per dispatch");
            for (PushOutcome push : trip.vendor.pushes()) {
                assertEquals(200, push.status(), push.toString());
                assertTrue(push.body().contains("00081199"), "a Referenced SOP Sequence: " + push.body());
            }
            try (var left = Files.list(dir.resolve("vendor-spool"))) {
                assertEquals(0, left.filter(p -> !Files.isDirectory(p)).count(), "the vendor keeps no image");
            }
        }
    }

    @Test
    void eachMisbehaviourEndsInTheRightJobStateWithAClearMessage() throws Exception {
        Map<Misbehaviour, Path> studies = new LinkedHashMap<>();
        long seed = 9100;
        for (Misbehaviour how : List.of(Misbehaviour.SLOW, Misbehaviour.HTTP_500, Misbehaviour.HANG,
                Misbehaviour.GARBAGE, Misbehaviour.WRONG_STUDY, Misbehaviour.OTHER_VERSION)) {
            Path study = dir.resolve("s-" + how.name().toLowerCase(java.util.Locale.ROOT));
            StudyGenerator.generate(study, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed++, 6, 64));
            studies.put(how, study);
        }
        // a hang costs the dispatch timeout, a wrong study the result timeout
        try (DicomWebRoundTrip trip = DicomWebRoundTrip.withSandbox(dir, 15, 25)) {
            Map<Misbehaviour, String> uids = new LinkedHashMap<>();
            for (Map.Entry<Misbehaviour, Path> e : studies.entrySet()) {
                String uid = SandboxRoundTrip.studyUid(e.getValue());
                uids.put(e.getKey(), uid);
                trip.vendor.misbehavingFor(uid, e.getKey());
            }
            for (Path study : studies.values()) {
                trip.send(study);
            }

            trip.awaitResult(uids.get(Misbehaviour.SLOW));

            Job refused = trip.awaitJob(uids.get(Misbehaviour.HTTP_500), JobState.DEAD_LETTER);
            assertTrue(refused.lastError().contains("HTTP 500") && refused.lastError().contains("inference server down"),
                    refused.lastError());

            Job hung = trip.awaitJob(uids.get(Misbehaviour.HANG), JobState.DEAD_LETTER);
            assertTrue(hung.lastError().contains("did not answer the STOW-RS request within"), hung.lastError());

            Job garbage = trip.awaitJob(uids.get(Misbehaviour.GARBAGE), JobState.DEAD_LETTER);
            assertTrue(garbage.lastError().contains("result refused"), garbage.lastError());
            PushOutcome garbagePush = pushFor(trip, uids.get(Misbehaviour.GARBAGE));
            assertEquals(409, garbagePush.status(), garbagePush.toString());
            assertEquals(0xC000, failureReason(garbagePush), garbagePush.body());

            Job wrong = trip.awaitJob(uids.get(Misbehaviour.WRONG_STUDY), JobState.DEAD_LETTER);
            assertTrue(wrong.lastError().contains("timeout: no result"), wrong.lastError());
            PushOutcome wrongPush = awaitPush(trip, p -> !uids.containsValue(p.studyInstanceUid()));
            assertEquals(409, wrongPush.status(), wrongPush.toString());
            assertEquals(0x0110, failureReason(wrongPush), wrongPush.body());
            assertTrue(wrongPush.warnings().contains("no job"), wrongPush.warnings());

            Job quarantined = trip.awaitJob(uids.get(Misbehaviour.OTHER_VERSION), JobState.QUARANTINED);
            assertEquals(DicomWebRoundTrip.APPROVED + "-unapproved",
                    trip.gateway.results().forJob(quarantined.id()).get(0).reportedVersion());
        }
    }

    /** The vendor's push about {@code study}, once Varde's answer to it has come back. */
    private static PushOutcome pushFor(DicomWebRoundTrip trip, String study) {
        return awaitPush(trip, p -> study.equals(p.studyInstanceUid()));
    }

    private static PushOutcome awaitPush(DicomWebRoundTrip trip, java.util.function.Predicate<PushOutcome> which) {
        assertTrue(org.varde.gateway.testing.Poll.until(DicomWebRoundTrip.WAIT,
                () -> trip.vendor.pushes().stream().anyMatch(which)), "the vendor's push: " + trip.vendor.pushes());
        return trip.vendor.pushes().stream().filter(which).findFirst().orElseThrow();
    }

    private static int failureReason(PushOutcome push) {
        return new JsonObject(push.body()).getJsonObject("00081198").getJsonArray("Value").getJsonObject(0)
                .getJsonObject("00081197").getJsonArray("Value").getInteger(0);
    }
}
