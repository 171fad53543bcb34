package org.varde.gateway.worklist;

/** Event Type ID (0000,1002) of a UPS event report, PS3.4 Table CC.2.4-1. */
public enum UpsEventType {
    STATE_REPORT(1),
    CANCEL_REQUESTED(2),
    PROGRESS_REPORT(3),
    SCP_STATUS_CHANGE(4),
    ASSIGNED(5);

    private final int id;

    UpsEventType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
