package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.Code;

import java.util.Objects;
import java.util.Optional;

/**
 * The order the source study was made for, when the source instances carry it (their Request
 * Attributes Sequence, or the worklist). It fills the SR's Referenced Request Sequence (PS3.3 C.17.2)
 * and, when it is coded, the TID 1500 "Procedure reported".
 *
 * @param requestedProcedureId (0040,1001), empty when unknown
 * @param description          (0032,1060), empty when unknown
 * @param code                 (0032,1064) item, if coded
 * @param placerOrderNumber    (0040,2016), empty when unknown
 * @param fillerOrderNumber    (0040,2017), empty when unknown
 */
public record RequestedProcedure(String requestedProcedureId, String description, Optional<Code> code,
                                 String placerOrderNumber, String fillerOrderNumber) {
    public RequestedProcedure {
        Objects.requireNonNull(requestedProcedureId, "requestedProcedureId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(placerOrderNumber, "placerOrderNumber");
        Objects.requireNonNull(fillerOrderNumber, "fillerOrderNumber");
    }
}
