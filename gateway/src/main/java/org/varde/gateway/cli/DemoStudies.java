package org.varde.gateway.cli;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.testdata.AgeRange;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's mix, as a radiology department's morning would bring it: CT thorax with a planted 10 mm
 * nodule and one without a finding; a CT pulmonary angiography with a planted embolus and one without;
 * chest X-rays of an adult and of a child (whom the adult-only products' intended use refuses); a
 * wrist X-ray with a planted fracture; an MR head. Made by test-data's generator (its plant options put the finding in
 * the pixels, where the sandbox vendors' detectors look). A study without a finding is planted at rate
 * 0 with the finding of its kind, so that its ground truth says the finding is absent (a study without a
 * ground truth file is not known negative) and the value table's specificity has studies to rest on;
 * the MR head has no finding the generator plants, hence no ground truth. One seed per study: the
 * generator derives UIDs from the seed, so two studies on one seed would share them.
 */
final class DemoStudies {
    /** One generated study: what it is (for the table), its UID, accession number and files. */
    record DemoStudy(String label, String studyInstanceUid, String accessionNumber, List<Path> files) {
    }

    private DemoStudies() {
    }

    static List<DemoStudy> generate(Path out, long seed) throws IOException {
        List<DemoStudy> studies = new ArrayList<>();
        studies.add(study("CT thorax, nodule 10 mm", out.resolve("ct-nodule"), new GeneratorOptions(
                StudyKind.CT_THORAX, 1, seed + 1, 24, 256).planting(new PlantOptions(Finding.NODULE, 10, 1.0))));
        studies.add(study("CT thorax, no finding", out.resolve("ct-clear"), new GeneratorOptions(
                StudyKind.CT_THORAX, 1, seed + 5, 24, 256).planting(absent(Finding.NODULE))));
        studies.add(study("CTPA, embolus 8 mm", out.resolve("ctpa-embolus"), new GeneratorOptions(
                StudyKind.CTPA, 1, seed + 4, 24, 256).planting(new PlantOptions(Finding.PE, 8, 1.0))));
        studies.add(study("CTPA, no embolus", out.resolve("ctpa-clear"), new GeneratorOptions(
                StudyKind.CTPA, 1, seed + 6, 24, 256).planting(absent(Finding.PE))));
        studies.add(study("Chest X-ray, adult", out.resolve("cxr"), GeneratorOptions.defaults(StudyKind.CXR, 1, seed)
                .planting(absent(Finding.OPACITY))));
        studies.add(study("Chest X-ray, child", out.resolve("cxr-child"), GeneratorOptions.defaults(StudyKind.CXR, 1,
                seed + 7).aged(AgeRange.child()).planting(absent(Finding.OPACITY))));
        studies.add(study("Wrist X-ray, fracture", out.resolve("wrist"), GeneratorOptions.defaults(StudyKind.WRIST, 1,
                seed + 3).planting(new PlantOptions(Finding.FRACTURE, 0, 1.0))));
        studies.add(study("MR head", out.resolve("mr"), new GeneratorOptions(StudyKind.MR_HEAD, 1, seed + 2, 8, 128)));
        return studies;
    }

    /** Nothing planted, and a ground truth saying {@code finding} is absent. */
    private static PlantOptions absent(Finding finding) {
        return new PlantOptions(finding, 0, 0);
    }

    private static DemoStudy study(String label, Path folder, GeneratorOptions options) throws IOException {
        List<Path> files = StudyGenerator.generate(folder, options);
        Attributes header = DemoRouting.header(files.get(0));
        return new DemoStudy(label, header.getString(Tag.StudyInstanceUID), header.getString(Tag.AccessionNumber), files);
    }

    /** Accession number to label: what the sandbox RIS took, named as the table names it. */
    static Map<String, String> labelsByAccession(List<DemoStudy> studies) {
        Map<String, String> labels = new LinkedHashMap<>();
        studies.forEach(s -> labels.put(s.accessionNumber(), s.label()));
        return labels;
    }

    static List<Path> files(List<DemoStudy> studies) {
        return studies.stream().flatMap(s -> s.files().stream()).toList();
    }
}
