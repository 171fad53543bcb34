package org.varde.dicom.dimse;

import io.vertx.core.Future;

/**
 * The MPPS SCP's decisions (PS3.4 F.7): what an N-CREATE or N-SET of a Modality Performed Procedure
 * Step does. Called on the event loop once the whole data set has arrived; do blocking work (a
 * database) in {@code executeBlocking}. Whether an instance exists is the handler's knowledge, so
 * the PS3.4 F.7.2 state rules are the handler's to apply ({@link MppsRules} has them).
 * <p>
 * A failed future carrying a {@link DimseException} answers its status and comment; any other
 * failure answers {@link Status#PROCESSING_FAILURE}.
 */
public interface MppsHandler {
    /** N-CREATE-RQ: a new performed procedure step, normally with status IN PROGRESS. */
    Future<MppsResponse> create(MppsRequest request);

    /** N-SET-RQ: changes to an existing step; the request's data set is the modification list. */
    Future<MppsResponse> set(MppsRequest request);
}
