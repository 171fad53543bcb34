package org.varde.gateway.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One series as the journal knows it: its header attributes by DICOM keyword (taken from its
 * instances; {@code SeriesInstanceUID} among them), how many instances arrived and their SOP classes.
 */
public record SeriesFacts(Map<String, String> attributes, int instanceCount, Set<String> sopClasses) {

    /** Derived keywords a condition may use at series level. */
    public static final String SOP_CLASS_UID = "SOPClassUID";
    // PS3.6: (0020,1209) Number of Series Related Instances, filled here from what arrived
    public static final String INSTANCE_COUNT = "NumberOfSeriesRelatedInstances";

    public SeriesFacts {
        attributes = Map.copyOf(attributes);
        sopClasses = Set.copyOf(sopClasses);
        if (instanceCount < 0) {
            throw new IllegalArgumentException("instanceCount must be >= 0");
        }
    }

    public String seriesInstanceUid() {
        return attributes.getOrDefault("SeriesInstanceUID", "");
    }

    /** {@code series 3}, or the UID when the series has no number. */
    public String label() {
        String number = attributes.get("SeriesNumber");
        return number != null && !number.isBlank() ? "series " + number.trim() : "series " + seriesInstanceUid();
    }

    /** This series' own values: its attributes, its SOP classes and its instance count. */
    List<String> ownValues(String keyword) {
        if (SOP_CLASS_UID.equals(keyword)) {
            return List.copyOf(new TreeSet<>(sopClasses));
        }
        if (INSTANCE_COUNT.equals(keyword)) {
            return List.of(Integer.toString(instanceCount));
        }
        return StudyFacts.split(attributes.get(keyword));
    }

    /** This series as a condition sees it: its own values first, then the study's. */
    public Facts within(StudyFacts study) {
        return new Facts() {
            @Override
            public List<String> values(String keyword) {
                List<String> own = ownValues(keyword);
                return own.isEmpty() ? study.ownValues(keyword) : own;
            }

            @Override
            public java.util.Optional<PatientAge> age() {
                return study.age();
            }

            @Override
            public String scope() {
                return label();
            }
        };
    }
}
