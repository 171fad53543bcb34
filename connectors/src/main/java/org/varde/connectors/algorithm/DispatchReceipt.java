package org.varde.connectors.algorithm;

import java.time.Duration;
import java.util.List;

/**
 * The vendor took every instance of a dispatch.
 *
 * @param idempotencyKey              the job's key, as in the request
 * @param acknowledgedSopInstanceUids every instance the vendor acknowledged, in the order sent
 * @param warnings                    how many of them were acknowledged with a warning status
 * @param elapsed                     from the adapter call to the last acknowledgement
 */
public record DispatchReceipt(String idempotencyKey, List<String> acknowledgedSopInstanceUids, int warnings,
                              Duration elapsed) {
    public DispatchReceipt {
        acknowledgedSopInstanceUids = List.copyOf(acknowledgedSopInstanceUids);
    }
}
