package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.StudySummary;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes of studies, series and instances. */
final class StudyJson {
    private StudyJson() {
    }

    static JsonObject summary(StudySummary s) {
        return new JsonObject()
                .put("studyInstanceUid", s.studyInstanceUid())
                .put("patientId", s.patientId())
                .put("modality", s.modality())
                .put("accessionNumber", s.accessionNumber())
                .put("seriesCount", s.seriesCount())
                .put("instanceCount", s.instanceCount())
                .put("missingFileCount", s.missingFileCount())
                .put("firstReceived", text(s.firstReceived()))
                .put("lastReceived", text(s.lastReceived()));
    }

    /** @param instances non-empty, ordered by series */
    static JsonObject study(List<InstanceRecord> instances) {
        InstanceRecord first = instances.get(0);
        Map<String, JsonObject> series = new LinkedHashMap<>();
        for (InstanceRecord i : instances) {
            series.computeIfAbsent(i.seriesInstanceUid(), uid -> series(i))
                    .getJsonArray("instances").add(instance(i));
        }
        series.values().forEach(s -> s.put("instanceCount", s.getJsonArray("instances").size()));
        return new JsonObject()
                .put("studyInstanceUid", first.studyInstanceUid())
                .put("patientId", first.patientId())
                .put("patientName", first.patientName())
                .put("patientBirthDate", first.patientBirthDate())
                .put("patientSex", first.patientSex())
                .put("patientAge", first.patientAge())
                .put("accessionNumber", first.accessionNumber())
                .put("studyDescription", first.studyDescription())
                .put("institutionName", first.institutionName())
                .put("instanceCount", instances.size())
                .put("series", new JsonArray(List.copyOf(series.values())));
    }

    private static JsonObject series(InstanceRecord i) {
        return new JsonObject()
                .put("seriesInstanceUid", i.seriesInstanceUid())
                .put("modality", i.modality())
                .put("bodyPartExamined", i.bodyPartExamined())
                .put("seriesDescription", i.seriesDescription())
                .put("stationName", i.stationName())
                .put("manufacturer", i.manufacturer())
                .put("instances", new JsonArray());
    }

    private static JsonObject instance(InstanceRecord i) {
        return new JsonObject()
                .put("sopInstanceUid", i.sopInstanceUid())
                .put("sopClassUid", i.sopClassUid())
                .put("transferSyntaxUid", i.transferSyntaxUid())
                .put("imageType", i.imageType())
                .put("sliceThickness", i.sliceThickness())
                .put("viewPosition", i.viewPosition())
                .put("callingAeTitle", i.callingAeTitle())
                .put("byteCount", i.byteCount())
                .put("receivedAt", text(i.receivedAt()))
                .put("fileMissing", i.fileMissing());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
