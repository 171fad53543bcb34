package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.jobs.Job;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox DICOM vendor really detects: two generated CT thorax studies, one with a nodule
 * planted in its pixels and one without, go through a running gateway to the sandbox vendor, whose
 * nodule detector reads the instances it received; the result Varde normalises from its TID 1500 SR
 * says what each study's ground-truth.json says (verdict, code, presence, diameter in mm, probability,
 * the slices that show it).
 */
class DetectingVendorRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void theNormalisedResultOfEachStudyMatchesItsGroundTruth() throws Exception {
        Path set = dir.resolve("set");
        // study 1 carries a 10 mm nodule, study 2 none (PlantOptions spreads positives evenly)
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 2, 4242, 24, 256)
                .planting(new PlantOptions(Finding.NODULE, 10, 0.5)));
        GroundTruth positive = GroundTruth.read(GroundTruth.fileOf(set.resolve("1")));
        GroundTruth negative = GroundTruth.read(GroundTruth.fileOf(set.resolve("2")));
        assertTrue(positive.present() && !negative.present(), "one study with, one without the nodule");

        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain())) {
            trip.send(set);
            for (GroundTruth truth : List.of(positive, negative)) {
                Job job = trip.awaitResult(truth.studyInstanceUid());
                List<StoredResult> results = trip.gateway.results().forJob(job.id());
                assertEquals(1, results.size());
                StoredResult result = results.get(0);
                assertEquals(List.of(), GroundTruthAgreement.disagreements(truth, result), result.result().encode());
                assertEquals(SandboxRoundTrip.APPROVED, result.reportedVersion());
            }
            assertEquals(2, trip.vendor.detections().size(), "the detector ran once per dispatch");
            Attributes positiveReport = trip.vendor.reportsSent().stream()
                    .filter(r -> r.getString(Tag.StudyInstanceUID).equals(positive.studyInstanceUid()))
                    .findFirst().orElseThrow();
            assertEquals("27925004", positiveReport.getSequence(Tag.ContentSequence).get(2)
                    .getSequence(Tag.ContentSequence).get(0).getSequence(Tag.ContentSequence).get(0)
                    .getSequence(Tag.ConceptCodeSequence).get(0).getString(Tag.CodeValue),
                    "the SR the vendor sent names the nodule it found");
            try (var left = Files.list(dir.resolve("vendor-spool"))) {
                assertEquals(0, left.count(), "the vendor keeps no image once it has answered");
            }
        }
    }
}
