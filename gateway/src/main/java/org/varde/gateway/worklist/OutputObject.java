package org.varde.gateway.worklist;

/** A result object the performer stored for a workitem's job: an item of its Output Information Sequence. */
public record OutputObject(String studyInstanceUid, String seriesInstanceUid, String sopClassUid,
                           String sopInstanceUid) {
}
