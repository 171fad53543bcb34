package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.DicomFiles;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.peer.LocalOrthanc;
import org.varde.testdata.sandbox.dicomweb.WebAnswer.Misbehaviour;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DICOMweb return path by polling ({@code results: poll}), over real sockets: storescu → Varde →
 * STOW-RS → the vendor, which keeps its result; Varde asks the vendor's QIDO-RS until the result is
 * listed, fetches it with WADO-RS and hands it to the results stage. The far end is a real Orthanc with
 * its DICOMweb plugin (the test stores the vendor's SR into it) and the sandbox PE vendor in poll mode.
 */
class DicomWebPollTest {
    @TempDir
    Path dir;

    @Test
    void aResultStoredIntoOrthancIsFoundByQidoRsAndFetchedByWadoRs() throws Exception {
        assertTrue(LocalOrthanc.installed(), "Orthanc and orthanc-dicomweb are needed: run scripts/install-test-deps.sh");
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 1, 4242, 6, 64));
        Path study = set.resolve("1");
        String uid = SandboxRoundTrip.studyUid(study);
        try (LocalOrthanc vendor = LocalOrthanc.start(dir.resolve("orthanc-vendor"), Duration.ofSeconds(90));
             DicomWebRoundTrip trip = DicomWebRoundTrip.withVendorAt(dir, vendor.baseUrl() + "/dicom-web", 300,
                     DicomWebRoundTrip.POLL_EVERY_SECOND)) {
            trip.send(study);
            Job waiting = trip.awaitJob(uid, JobState.WAITING_RESULT);
            // polled from now on while Orthanc holds only the CT images: none of them may be taken for a result
            assertTrue(trip.gateway.results().objects(waiting.id()).isEmpty());

            // the vendor's algorithm stores its SR beside the study
            Path sr = StowRsEndpointTest.report(study, dir.resolve("sr.dcm"));
            var stored = vendor.postBytes("/instances", "application/dicom", Files.readAllBytes(sr));
            assertEquals(200, stored.statusCode(), stored.body());

            Job job = trip.awaitResult(uid);
            StoredResult result = trip.gateway.results().forJob(job.id()).get(0);
            assertEquals("dicomweb", result.protocol());
            assertEquals("negative", result.verdict());
            List<ResultObject> objects = trip.gateway.results().objects(job.id());
            assertEquals(1, objects.size(), "the SR alone kept with the job: " + objects);
            Attributes kept = DicomFiles.header(trip.gateway.spool().resolve(objects.get(0).spoolPath()));
            assertEquals(DicomFiles.header(sr).getString(Tag.SOPInstanceUID), kept.getString(Tag.SOPInstanceUID));
            assertEquals(uid, kept.getString(Tag.StudyInstanceUID));
        }
    }

    @Test
    void theSandboxVendorsKeptResultsComeBackMatchingTheirGroundTruth() throws Exception {
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 2, 778, 24, 256)
                .planting(new PlantOptions(Finding.PE, 0, 0.5)));
        GroundTruth positive = GroundTruth.read(GroundTruth.fileOf(set.resolve("1")));
        GroundTruth negative = GroundTruth.read(GroundTruth.fileOf(set.resolve("2")));
        assertTrue(positive.present() && !negative.present(), "one study with, one without an embolus");

        try (DicomWebRoundTrip trip = DicomWebRoundTrip.polling(dir, 60, 120, "")) {
            trip.send(set);
            for (GroundTruth truth : List.of(positive, negative)) {
                Job job = trip.awaitResult(truth.studyInstanceUid());
                StoredResult result = trip.gateway.results().forJob(job.id()).get(0);
                assertEquals(List.of(), GroundTruthAgreement.disagreements(truth, result, "59282003"),
                        result.result().encode());
                assertEquals("dicomweb", result.protocol());
                List<ResultObject> objects = trip.gateway.results().objects(job.id());
                assertEquals(1, objects.size(), "the SR kept with the job: " + objects);
                assertTrue(objects.get(0).callingAeTitle().startsWith("dicomweb:http://127.0.0.1:"),
                        objects.get(0).callingAeTitle());
            }
            assertTrue(trip.vendor.queries() >= 2, "asked by QIDO-RS: " + trip.vendor.queries());
            assertEquals(2, trip.vendor.retrievals(), "each result fetched once by WADO-RS");
            assertTrue(trip.vendor.pushes().stream().allMatch(p -> p.status() == 0), "nothing pushed: " + trip.vendor.pushes());
        }
    }

    @Test
    void eachPollingMisbehaviourEndsInADeadLetterWithAClearMessage() throws Exception {
        Map<Misbehaviour, Path> studies = new LinkedHashMap<>();
        long seed = 9300;
        for (Misbehaviour how : List.of(Misbehaviour.QUERY_HANG, Misbehaviour.BROKEN_MULTIPART, Misbehaviour.ENORMOUS,
                Misbehaviour.WRONG_STUDY, Misbehaviour.GARBAGE, Misbehaviour.OTHER_VERSION)) {
            Path study = dir.resolve("s-" + how.name().toLowerCase(Locale.ROOT));
            StudyGenerator.generate(study, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed++, 6, 64));
            studies.put(how, study);
        }
        // a vendor that never answers QIDO-RS costs the result timeout
        try (DicomWebRoundTrip trip = DicomWebRoundTrip.polling(dir, 30, 40, "")) {
            Map<Misbehaviour, String> uids = new LinkedHashMap<>();
            for (Map.Entry<Misbehaviour, Path> e : studies.entrySet()) {
                String uid = SandboxRoundTrip.studyUid(e.getValue());
                uids.put(e.getKey(), uid);
                trip.vendor.misbehavingFor(uid, e.getKey());
            }
            for (Path study : studies.values()) {
                trip.send(study);
            }

            Job broken = trip.awaitJob(uids.get(Misbehaviour.BROKEN_MULTIPART), JobState.DEAD_LETTER);
            assertTrue(broken.lastError().contains("result refused") && broken.lastError().contains("multipart"),
                    broken.lastError());

            Job enormous = trip.awaitJob(uids.get(Misbehaviour.ENORMOUS), JobState.DEAD_LETTER);
            assertTrue(enormous.lastError().contains("is larger than " + (DicomResultReceiver.MAX_OBJECT_BYTES
                    + 64 * 1024) + " bytes"), enormous.lastError());

            Job wrong = trip.awaitJob(uids.get(Misbehaviour.WRONG_STUDY), JobState.DEAD_LETTER);
            assertTrue(wrong.lastError().contains("names another study"), wrong.lastError());

            Job garbage = trip.awaitJob(uids.get(Misbehaviour.GARBAGE), JobState.DEAD_LETTER);
            assertTrue(garbage.lastError().contains("not a TID 1500 Imaging Measurement Report"), garbage.lastError());

            Job quarantined = trip.awaitJob(uids.get(Misbehaviour.OTHER_VERSION), JobState.QUARANTINED);
            assertEquals(DicomWebRoundTrip.APPROVED + "-unapproved",
                    trip.gateway.results().forJob(quarantined.id()).get(0).reportedVersion());

            Job hung = trip.awaitJob(uids.get(Misbehaviour.QUERY_HANG), JobState.DEAD_LETTER);
            assertTrue(hung.lastError().startsWith("timeout: no result from pe-detect within 40 s"), hung.lastError());

            for (Misbehaviour refused : List.of(Misbehaviour.BROKEN_MULTIPART, Misbehaviour.ENORMOUS,
                    Misbehaviour.WRONG_STUDY, Misbehaviour.GARBAGE, Misbehaviour.QUERY_HANG)) {
                String uid = uids.get(refused);
                Job job = trip.gateway.jobStore().forStudy(uid).get(0);
                assertTrue(trip.gateway.results().forJob(job.id()).isEmpty(), refused + ": no result recorded");
            }
        }
    }
}
