package org.varde.gateway.worklist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workitem as a UPS instance in the DICOM JSON model (PS3.18 F.2): the attributes of PS3.4 Table CC.2.5-3
 * Varde keeps. Never the Transaction UID (PS3.4 CC.2.5.1.2: it is not returned). Patient identity is
 * left empty (Type 2): the performer reads it from the images it retrieves, and the worklist shows it
 * to nobody else.
 */
public final class WorkitemJson {
    /** UPS Push SOP Class (PS3.4 CC.3.1): every workitem is created as one of these. */
    public static final String UPS_PUSH_SOP_CLASS = "1.2.840.10008.5.1.4.34.6.1";
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSSZ")
            .withZone(ZoneOffset.UTC);

    private WorkitemJson() {
    }

    public static JsonObject of(Workitem w, List<WorkitemInput> input, List<OutputObject> output) {
        JsonObject o = new JsonObject();
        o.put("00080016", value("UI", UPS_PUSH_SOP_CLASS));
        o.put("00080018", value("UI", w.uid()));
        o.put("00100010", empty("PN"));
        o.put("00100020", empty("LO"));
        o.put("0020000D", value("UI", w.studyInstanceUid()));
        o.put("00404005", value("DT", DT.format(w.createdAt())));
        // CID 9231 Workitem Definition: (110004, DCM, "Computer Aided Detection")
        o.put("00404018", sequence(code("110004", "DCM", "Computer Aided Detection")));
        o.put("00404021", sequence(inputItems(w, input)));
        o.put("00404041", value("CS", "READY"));
        o.put("00741000", value("CS", w.state().word()));
        if (w.cancelRequestedAt() != null || w.state() == ProcedureStepState.CANCELED) {
            o.put("00741002", sequence(progress(w)));
        }
        o.put("00741200", value("CS", w.priority()));
        o.put("00741202", value("LO", w.algorithmId()));
        o.put("00741204", value("LO", "AI inference: " + w.algorithmId()));
        if (w.state().isFinal()) {
            o.put("00741216", sequence(performed(w, output)));
        }
        return o;
    }

    /** One item per input series: Referenced Instances and Access Macro (PS3.3 Table 10-3b). */
    private static JsonObject[] inputItems(Workitem w, List<WorkitemInput> input) {
        Map<String, List<WorkitemInput>> bySeries = new LinkedHashMap<>();
        for (WorkitemInput i : input) {
            bySeries.computeIfAbsent(i.seriesInstanceUid(), k -> new java.util.ArrayList<>()).add(i);
        }
        return bySeries.values().stream().map(series -> {
            WorkitemInput first = series.get(0);
            JsonObject item = new JsonObject()
                    .put("0020000D", value("UI", first.studyInstanceUid()))
                    .put("0020000E", value("UI", first.seriesInstanceUid()))
                    .put("00081199", sequence(series.stream().map(i -> sop(i.sopClassUid(), i.sopInstanceUid()))
                            .toArray(JsonObject[]::new)))
                    .put("0040E020", value("CS", "DICOM"));
            if (w.retrieveBaseUrlOrNull() != null) {
                item.put("0040E025", sequence(new JsonObject().put("00081190", value("UR",
                        w.retrieveBaseUrlOrNull() + "/studies/" + first.studyInstanceUid() + "/series/"
                                + first.seriesInstanceUid()))));
            }
            return item;
        }).toArray(JsonObject[]::new);
    }

    /**
     * Procedure Step Progress Information (PS3.3 C.30.3): a cancellation, requested or done, when, why
     * and by whom. A performer without an event channel learns of Varde's request here.
     */
    private static JsonObject progress(Workitem w) {
        Instant when = w.cancelRequestedAt() != null ? w.cancelRequestedAt() : w.finishedAt();
        String reason = w.state() == ProcedureStepState.CANCELED && w.finalReason() != null ? w.finalReason()
                : w.cancelReason();
        JsonObject item = new JsonObject().put("00404052", value("DT", DT.format(when)));
        if (reason != null) {
            item.put("00741238", value("LT", reason));
        }
        if (w.cancelRequestedAt() != null) {
            item.put("0074100C", value("LO", "Varde"));
        }
        return item;
    }

    /** Unified Procedure Step Performed Procedure Information (PS3.3 C.30.4), with the result as output. */
    private static JsonObject performed(Workitem w, List<OutputObject> output) {
        JsonObject item = new JsonObject();
        if (w.startedAt() != null) {
            item.put("00404050", value("DT", DT.format(w.startedAt())));
        }
        if (w.finishedAt() != null) {
            item.put("00404051", value("DT", DT.format(w.finishedAt())));
        }
        item.put("00404019", sequence(code("110004", "DCM", "Computer Aided Detection")));
        Map<String, List<OutputObject>> bySeries = new LinkedHashMap<>();
        for (OutputObject o : output) {
            bySeries.computeIfAbsent(o.seriesInstanceUid(), k -> new java.util.ArrayList<>()).add(o);
        }
        item.put("00404033", sequence(bySeries.values().stream().map(series -> new JsonObject()
                .put("0020000D", value("UI", series.get(0).studyInstanceUid()))
                .put("0020000E", value("UI", series.get(0).seriesInstanceUid()))
                .put("00081199", sequence(series.stream().map(o -> sop(o.sopClassUid(), o.sopInstanceUid()))
                        .toArray(JsonObject[]::new)))
                .put("0040E020", value("CS", "DICOM"))).toArray(JsonObject[]::new)));
        return item;
    }

    private static JsonObject sop(String sopClass, String sopInstance) {
        return new JsonObject().put("00081150", value("UI", sopClass)).put("00081155", value("UI", sopInstance));
    }

    private static JsonObject code(String value, String scheme, String meaning) {
        return new JsonObject().put("00080100", value("SH", value)).put("00080102", value("SH", scheme))
                .put("00080104", value("LO", meaning));
    }

    static JsonObject value(String vr, String value) {
        JsonObject element = new JsonObject().put("vr", vr);
        if ("PN".equals(vr)) {
            return element.put("Value", new JsonArray().add(new JsonObject().put("Alphabetic", value)));
        }
        return element.put("Value", new JsonArray().add(value));
    }

    private static JsonObject empty(String vr) {
        return new JsonObject().put("vr", vr);
    }

    private static JsonObject sequence(JsonObject... items) {
        JsonArray values = new JsonArray();
        for (JsonObject item : items) {
            values.add(item);
        }
        return new JsonObject().put("vr", "SQ").put("Value", values);
    }
}
