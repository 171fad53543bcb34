package org.varde.gateway.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the facts of a study by hand, as the journal would from received headers. */
final class StudyFactsBuilder {
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final String DX_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1";
    static final String SR_COMPREHENSIVE = "1.2.840.10008.5.1.4.1.1.88.33";

    private final Map<String, String> study = new HashMap<>();
    private final List<SeriesFacts> series = new ArrayList<>();

    static StudyFactsBuilder study() {
        return new StudyFactsBuilder()
                .with("StudyInstanceUID", "1.2.826.0.1.3680043.10.1.1")
                .with("StudyDate", "20260110")
                .with(StudyFacts.CALLING_AE, "CT_ROOM1");
    }

    StudyFactsBuilder with(String keyword, String value) {
        study.put(keyword, value);
        return this;
    }

    StudyFactsBuilder without(String keyword) {
        study.remove(keyword);
        return this;
    }

    /** A series from keyword/value pairs; SeriesInstanceUID and SeriesNumber follow the series' position. */
    StudyFactsBuilder series(String sopClass, int instances, String... keywordValues) {
        Map<String, String> attributes = new HashMap<>();
        int number = series.size() + 1;
        attributes.put("SeriesNumber", Integer.toString(number));
        attributes.put("SeriesInstanceUID", "1.2.826.0.1.3680043.10.1.1." + number);
        for (int i = 0; i < keywordValues.length; i += 2) {
            attributes.put(keywordValues[i], keywordValues[i + 1]);
        }
        series.add(new SeriesFacts(attributes, instances, sopClass == null ? Set.of() : Set.of(sopClass)));
        return this;
    }

    StudyFacts build() {
        return new StudyFacts(study, series);
    }

    static String seriesUid(int number) {
        return "1.2.826.0.1.3680043.10.1.1." + number;
    }

    // the synthetic kinds of test-data's generator, as their headers describe them

    static StudyFactsBuilder ctThorax(String age) {
        return study().with("PatientAge", age).with("StudyDescription", "CT Thorax")
                .series(CT_IMAGE, 64, "Modality", "CT", "BodyPartExamined", "CHEST", "SeriesDescription", "Thorax 1.0 B70f",
                        "ImageType", "ORIGINAL\\PRIMARY\\AXIAL", "SliceThickness", "1.0")
                .series(CT_IMAGE, 13, "Modality", "CT", "BodyPartExamined", "CHEST", "SeriesDescription", "Thorax 5.0 Br40",
                        "ImageType", "ORIGINAL\\PRIMARY\\AXIAL", "SliceThickness", "5.0");
    }

    static StudyFactsBuilder chestRadiograph(String age) {
        return study().with("PatientAge", age).with("StudyDescription", "Rtg Thorax").with(StudyFacts.CALLING_AE, "DX_ROOM2")
                .series(DX_PRESENTATION, 1, "Modality", "DX", "BodyPartExamined", "CHEST", "ViewPosition", "PA",
                        "SeriesDescription", "Thorax PA")
                .series(DX_PRESENTATION, 1, "Modality", "DX", "BodyPartExamined", "CHEST", "ViewPosition", "LL",
                        "SeriesDescription", "Thorax lat");
    }

    static StudyFactsBuilder mrHead(String age) {
        return study().with("PatientAge", age).with("StudyDescription", "MR Caput").with(StudyFacts.CALLING_AE, "MR_ROOM1")
                .series(MR_IMAGE, 24, "Modality", "MR", "BodyPartExamined", "HEAD", "SeriesDescription", "T2 FLAIR tra",
                        "ImageType", "ORIGINAL\\PRIMARY\\M\\ND", "SliceThickness", "5")
                .series(MR_IMAGE, 24, "Modality", "MR", "BodyPartExamined", "HEAD", "SeriesDescription", "T1 SE tra",
                        "ImageType", "ORIGINAL\\PRIMARY\\M\\ND", "SliceThickness", "5");
    }

    static StudyFactsBuilder wrist(String age) {
        return study().with("PatientAge", age).with("StudyDescription", "Rtg Håndledd").with(StudyFacts.CALLING_AE, "DX_ROOM1")
                .series(DX_PRESENTATION, 1, "Modality", "DX", "BodyPartExamined", "WRIST", "ViewPosition", "PA",
                        "SeriesDescription", "Håndledd hø PA")
                .series(DX_PRESENTATION, 1, "Modality", "DX", "BodyPartExamined", "WRIST", "ViewPosition", "LATERAL",
                        "SeriesDescription", "Håndledd hø lat");
    }
}
