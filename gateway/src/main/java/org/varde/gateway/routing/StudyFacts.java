package org.varde.gateway.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The study the router sees: study-level attributes by DICOM keyword (the calling AE under
 * {@code CallingAE}) and its series. Built from plain maps so the journal can fill it.
 * A keyword the study level lacks (typically {@code Modality}, a series attribute) is answered
 * with the distinct values of all its series, so "the study contains a CT series" reads
 * {@code Modality equals CT}.
 */
public record StudyFacts(Map<String, String> attributes, List<SeriesFacts> series) implements Facts {

    public static final String CALLING_AE = "CallingAE";

    public StudyFacts {
        attributes = Map.copyOf(attributes);
        series = List.copyOf(series);
    }

    public String studyInstanceUid() {
        return attributes.getOrDefault("StudyInstanceUID", "");
    }

    public String callingAe() {
        return attributes.getOrDefault(CALLING_AE, "");
    }

    @Override
    public List<String> values(String keyword) {
        List<String> own = ownValues(keyword);
        if (!own.isEmpty()) {
            return own;
        }
        Set<String> union = new LinkedHashSet<>();
        for (SeriesFacts one : series) {
            union.addAll(one.ownValues(keyword));
        }
        return List.copyOf(union);
    }

    List<String> ownValues(String keyword) {
        return split(attributes.get(keyword));
    }

    @Override
    public Optional<PatientAge> age() {
        return PatientAge.of(attributes.get("PatientAge"), attributes.get("PatientBirthDate"), attributes.get("StudyDate"));
    }

    @Override
    public String scope() {
        return "study";
    }

    /** PS3.5 6.4: values of a multi-valued string are separated by backslashes; padding is not part of a value. */
    static List<String> split(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (String one : value.split("\\\\")) {
            if (!one.isBlank()) {
                values.add(one.trim());
            }
        }
        return List.copyOf(values);
    }
}
