package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.jobs.Job;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensitivity and specificity of the whole DICOM path against ground truth: ten generated CT thorax
 * studies, half of them with a nodule of a size and place drawn per study (4 to 20 mm), through a
 * running gateway to the sandbox vendor and back. A study counts as a true positive only when its
 * normalised result agrees with the truth in everything {@link GroundTruthAgreement} checks (size,
 * slices, code), a true negative when the result says the nodule is absent.
 *
 * <p>Floor: 0.9 for both. The detector finds every planted sphere of this set (DetectorAccuracyTest
 * measures 1.0 on 20 studies); the floor leaves room for one miss among five, no more.
 */
class SensitivitySpecificityTest {
    static final double FLOOR = 0.9;

    @TempDir
    Path dir;

    @Test
    void sensitivityAndSpecificityOverTenStudiesAreAtLeastTheFloor() throws Exception {
        Path set = dir.resolve("set");
        int studies = 10;
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, studies, 777, 24, 256)
                .planting(new PlantOptions(Finding.NODULE, 0, 0.5)));
        List<GroundTruth> truths = new ArrayList<>();
        for (int i = 1; i <= studies; i++) {
            truths.add(GroundTruth.read(GroundTruth.fileOf(set.resolve(Integer.toString(i)))));
        }
        assertEquals(5, truths.stream().filter(GroundTruth::present).count(), "half carry a nodule");

        int truePositives = 0;
        int trueNegatives = 0;
        List<String> wrong = new ArrayList<>();
        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain())) {
            trip.send(set);
            for (GroundTruth truth : truths) {
                Job job = trip.awaitResult(truth.studyInstanceUid());
                StoredResult result = trip.gateway.results().forJob(job.id()).get(0);
                List<String> disagreements = GroundTruthAgreement.disagreements(truth, result);
                if (disagreements.isEmpty() && truth.present()) {
                    truePositives++;
                } else if (disagreements.isEmpty()) {
                    trueNegatives++;
                } else {
                    wrong.add(truth.studyInstanceUid() + " (" + (truth.present() ? truth.diameterMm() + " mm" : "none")
                            + "): " + disagreements);
                }
            }
        }
        double sensitivity = truePositives / 5.0;
        double specificity = trueNegatives / 5.0;
        System.out.printf("DICOM path, 10 studies: sensitivity %.2f, specificity %.2f%n", sensitivity, specificity);
        assertTrue(sensitivity >= FLOOR, "sensitivity " + sensitivity + ": " + wrong);
        assertTrue(specificity >= FLOOR, "specificity " + specificity + ": " + wrong);
    }
}
