package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Journaled instance headers become study and series facts. */
class StudyFactsAssemblerTest {

    private static Map<String, String> instance(String series, String sopInstance, String thickness) {
        return Map.of("StudyInstanceUID", "1.2.3", "PatientAge", "067Y", "CallingAE", "CT_ROOM1",
                "SeriesInstanceUID", series, "SeriesNumber", series.substring(series.length() - 1), "Modality", "CT",
                "SOPClassUID", StudyFactsBuilder.CT_IMAGE, "SOPInstanceUID", sopInstance, "SliceThickness", thickness);
    }

    @Test
    void instancesAreGroupedIntoSeriesWithCountsAndSopClasses() {
        StudyFacts study = StudyFactsAssembler.fromInstances(List.of(
                instance("1.2.3.1", "1.2.3.1.1", "1.0"), instance("1.2.3.1", "1.2.3.1.2", "1.0"),
                instance("1.2.3.2", "1.2.3.2.1", "5.0")));

        assertEquals(2, study.series().size());
        SeriesFacts thin = study.series().get(0);
        assertEquals("1.2.3.1", thin.seriesInstanceUid());
        assertEquals(2, thin.instanceCount());
        assertEquals(Set.of(StudyFactsBuilder.CT_IMAGE), thin.sopClasses());
        assertEquals("1.0", thin.attributes().get("SliceThickness"));
        assertEquals("CT_ROOM1", study.callingAe());
        assertEquals(67.0, study.age().orElseThrow().years());
        assertFalse(study.attributes().containsKey("SOPInstanceUID"));
        assertFalse(study.attributes().containsKey("Modality"), "Modality is a series attribute");
        assertEquals(List.of("CT"), study.values("Modality"));
    }

    @Test
    void disagreeingInstancesKeepAllValuesSoTheGuardSeesThem() {
        StudyFacts study = StudyFactsAssembler.fromInstances(List.of(
                instance("1.2.3.1", "1.2.3.1.1", "1.0"), instance("1.2.3.1", "1.2.3.1.2", "5.0")));

        assertEquals(List.of("1.0", "5.0"), study.series().get(0).within(study).values("SliceThickness"));
    }
}
