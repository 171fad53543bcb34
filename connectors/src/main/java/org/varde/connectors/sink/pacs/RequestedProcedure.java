package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.Code;

import java.util.Objects;
import java.util.Optional;

/**
 * The requested procedure the source study was made for, when the source instances carry it (their
 * Request Attributes Sequence, or the worklist). With the order numbers of the source study it fills
 * the SR's Referenced Request Sequence (PS3.3 C.17.2).
 *
 * @param requestedProcedureId (0040,1001), empty when unknown
 * @param description          (0032,1060), empty when unknown
 * @param code                 (0032,1064) item, if coded
 */
public record RequestedProcedure(String requestedProcedureId, String description, Optional<Code> code) {
    public RequestedProcedure {
        Objects.requireNonNull(requestedProcedureId, "requestedProcedureId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(code, "code");
    }
}
