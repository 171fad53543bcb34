package org.varde.gateway.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link StudyFacts} from journaled instance headers (keyword to value, one map per instance).
 * Series-level keywords (the General Series and General Equipment modules of PS3.3, plus the image
 * attributes the guard checks per series) go to the series; the rest to the study. Where instances
 * disagree, the distinct values are kept side by side as a multi-valued string, so a series mixing
 * 1 mm and 5 mm slices shows both and the guard, requiring every value to fit, refuses it.
 */
public final class StudyFactsAssembler {
    static final Set<String> SERIES_LEVEL = Set.of(
            "SeriesInstanceUID", "SeriesNumber", "SeriesDescription", "SeriesDate", "SeriesTime", "Modality",
            "BodyPartExamined", "Laterality", "ProtocolName", "ImageType", "SliceThickness", "ViewPosition",
            "Manufacturer", "ManufacturerModelName", "StationName");
    // per instance, never a routing fact
    private static final Set<String> INSTANCE_LEVEL = Set.of("SOPInstanceUID", "InstanceNumber");

    private StudyFactsAssembler() {
    }

    public static StudyFacts fromInstances(List<Map<String, String>> instances) {
        Map<String, Set<String>> study = new LinkedHashMap<>();
        Map<String, SeriesBuilder> series = new LinkedHashMap<>();
        for (Map<String, String> instance : instances) {
            SeriesBuilder builder = series.computeIfAbsent(instance.getOrDefault("SeriesInstanceUID", ""), k -> new SeriesBuilder());
            builder.instances++;
            instance.forEach((keyword, value) -> {
                if (SeriesFacts.SOP_CLASS_UID.equals(keyword)) {
                    builder.sopClasses.addAll(StudyFacts.split(value));
                } else if (SERIES_LEVEL.contains(keyword)) {
                    addValues(builder.attributes, keyword, value);
                } else if (!INSTANCE_LEVEL.contains(keyword)) {
                    addValues(study, keyword, value);
                }
            });
        }
        List<SeriesFacts> seriesFacts = new ArrayList<>();
        series.values().forEach(b -> seriesFacts.add(new SeriesFacts(joined(b.attributes), b.instances, b.sopClasses)));
        return new StudyFacts(joined(study), seriesFacts);
    }

    private static void addValues(Map<String, Set<String>> attributes, String keyword, String value) {
        List<String> values = StudyFacts.split(value);
        if (!values.isEmpty()) {
            attributes.computeIfAbsent(keyword, k -> new LinkedHashSet<>()).addAll(values);
        }
    }

    private static Map<String, String> joined(Map<String, Set<String>> attributes) {
        Map<String, String> result = new LinkedHashMap<>();
        attributes.forEach((keyword, values) -> result.put(keyword, String.join("\\", values)));
        return result;
    }

    private static final class SeriesBuilder {
        private final Map<String, Set<String>> attributes = new LinkedHashMap<>();
        private final Set<String> sopClasses = new LinkedHashSet<>();
        private int instances;
    }
}
