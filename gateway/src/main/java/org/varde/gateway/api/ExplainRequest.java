package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.routing.SeriesFacts;
import org.varde.gateway.routing.StudyFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/routes/explain} given as attributes:
 * {@code {"study": {keyword: value}, "series": [{keyword: value}], "callingAE": "…"}}. A value may be
 * a string, a number or an array (a multi-valued attribute, PS3.5 6.4); a series may carry
 * {@code SOPClassUID} and {@code NumberOfSeriesRelatedInstances} (default 1).
 */
final class ExplainRequest {
    private ExplainRequest() {
    }

    /** @throws IllegalArgumentException naming the field at fault */
    static StudyFacts facts(JsonObject body) {
        Map<String, String> study = attributes(body.getValue("study"), "study");
        Object callingAe = body.getValue("callingAE");
        if (callingAe != null) {
            study.put(StudyFacts.CALLING_AE, value(callingAe, "callingAE"));
        }
        Object seriesValue = body.getValue("series");
        if (seriesValue != null && !(seriesValue instanceof JsonArray)) {
            throw new IllegalArgumentException("series must be an array of objects");
        }
        List<SeriesFacts> series = new ArrayList<>();
        JsonArray list = seriesValue == null ? new JsonArray() : (JsonArray) seriesValue;
        for (int i = 0; i < list.size(); i++) {
            series.add(series(list.getValue(i), "series[" + i + "]"));
        }
        return new StudyFacts(study, series);
    }

    private static SeriesFacts series(Object value, String field) {
        Map<String, String> attributes = attributes(value, field);
        Set<String> sopClasses = new LinkedHashSet<>();
        String sop = attributes.remove(SeriesFacts.SOP_CLASS_UID);
        if (sop != null) {
            sopClasses.addAll(List.of(sop.split("\\\\")));
        }
        String count = attributes.remove(SeriesFacts.INSTANCE_COUNT);
        int instances;
        try {
            instances = count == null ? 1 : Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + "." + SeriesFacts.INSTANCE_COUNT + " must be an integer");
        }
        if (instances < 0) {
            throw new IllegalArgumentException(field + "." + SeriesFacts.INSTANCE_COUNT + " must be >= 0");
        }
        return new SeriesFacts(attributes, instances, sopClasses);
    }

    private static Map<String, String> attributes(Object value, String field) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (value == null) {
            return attributes;
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException(field + " must be an object of attribute keyword: value");
        }
        for (String keyword : object.fieldNames()) {
            Object v = object.getValue(keyword);
            if (v != null) {
                attributes.put(keyword, value(v, field + "." + keyword));
            }
        }
        return attributes;
    }

    /** A JSON value as a DICOM string value; an array becomes a backslash-separated multi-value. */
    private static String value(Object v, String field) {
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof JsonArray array) {
            List<String> values = new ArrayList<>();
            for (Object one : array) {
                if (one instanceof JsonArray || one instanceof JsonObject || one == null) {
                    throw new IllegalArgumentException(field + " must hold strings or numbers");
                }
                values.add(one.toString());
            }
            return String.join("\\", values);
        }
        throw new IllegalArgumentException(field + " must be a string, a number or an array of them");
    }
}
