package org.varde.gateway.worklist;

/** An instance a workitem's performer may retrieve: a row of {@code workitem_instances}. */
public record WorkitemInput(String workitemUid, String studyInstanceUid, String seriesInstanceUid, String sopClassUid,
                            String sopInstanceUid) {
}
