package org.varde.gateway.worklist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One UPS event report (PS3.4 CC.2.4; PS3.18 8.10.5, 11.13): its type, the workitem it is about and the
 * event's own attributes. {@link #json(int)} is the DICOM JSON data set sent in a WebSocket text frame.
 *
 * @param instanceUid the workitem's UID, or the global subscription's well-known UID for an SCP status change
 */
public record UpsEvent(UpsEventType type, String instanceUid, JsonObject attributes) {
    /** Varde never populates Input Readiness State otherwise: its input is in the spool when it schedules. */
    private static final String READY = "READY";

    /** UPS State Report (Event Type ID 1): the state, and for a CANCELED one the reason. */
    public static UpsEvent stateReport(Workitem w) {
        JsonObject a = new JsonObject()
                .put("00404041", WorkitemJson.value("CS", READY))
                .put("00741000", WorkitemJson.value("CS", w.state().word()));
        if (w.state() == ProcedureStepState.CANCELED && w.finalReason() != null) {
            a.put("00741238", WorkitemJson.value("LT", w.finalReason()));
        }
        return new UpsEvent(UpsEventType.STATE_REPORT, w.uid(), a);
    }

    /**
     * UPS Cancel Requested (Event Type ID 2), CC.2.4.3: the Requesting AE, and the reason and contact
     * when the request gave them.
     */
    public static UpsEvent cancelRequested(String uid, String requestingAe, String reasonOrNull, String contactOrNull) {
        JsonObject a = new JsonObject().put("00741236", WorkitemJson.value("AE", requestingAe));
        if (reasonOrNull != null) {
            a.put("00741238", WorkitemJson.value("LT", reasonOrNull));
        }
        if (contactOrNull != null) {
            a.put("0074100C", WorkitemJson.value("LO", contactOrNull));
        }
        return new UpsEvent(UpsEventType.CANCEL_REQUESTED, uid, a);
    }

    /**
     * SCP Status Change (Event Type ID 4), CC.2.4.3: RESTARTED, and both lists preserved (WARM START):
     * subscriptions and workitems are rows in the database.
     */
    public static UpsEvent restarted() {
        return new UpsEvent(UpsEventType.SCP_STATUS_CHANGE, Subscriptions.GLOBAL, new JsonObject()
                .put("00741242", WorkitemJson.value("CS", "RESTARTED"))
                .put("00741244", WorkitemJson.value("CS", "WARM START"))
                .put("00741246", WorkitemJson.value("CS", "WARM START")));
    }

    /** The event report's data set (PS3.18 11.13): the command attributes, then the event's own. */
    public JsonObject json(int messageId) {
        JsonObject o = new JsonObject()
                .put("00000002", WorkitemJson.value("UI", WorkitemJson.UPS_PUSH_SOP_CLASS))
                .put("00000110", new JsonObject().put("vr", "US").put("Value", new JsonArray().add(messageId)))
                .put("00001000", WorkitemJson.value("UI", instanceUid))
                .put("00001002", new JsonObject().put("vr", "US").put("Value", new JsonArray().add(type.id())));
        attributes.forEach(e -> o.put(e.getKey(), e.getValue()));
        return o;
    }
}
