package org.varde.connectors.algorithm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The vendor took every instance of a dispatch.
 *
 * @param idempotencyKey              the job's key, as in the request
 * @param acknowledgedSopInstanceUids every instance the vendor acknowledged, in the order sent
 * @param warnings                    how many of them were acknowledged with a warning status
 * @param elapsed                     from the adapter call to the last acknowledgement
 * @param vendorHandle                what the vendor answered that the results stage needs to find the
 *                                    result later (a REST vendor's status and result URLs); empty when
 *                                    the result comes by itself (DICOM). Kept durably with the job's wait.
 */
public record DispatchReceipt(String idempotencyKey, List<String> acknowledgedSopInstanceUids, int warnings,
                              Duration elapsed, Map<String, String> vendorHandle) {
    public DispatchReceipt(String idempotencyKey, List<String> acknowledgedSopInstanceUids, int warnings,
                           Duration elapsed) {
        this(idempotencyKey, acknowledgedSopInstanceUids, warnings, elapsed, Map.of());
    }

    public DispatchReceipt {
        acknowledgedSopInstanceUids = List.copyOf(acknowledgedSopInstanceUids);
        vendorHandle = Map.copyOf(vendorHandle);
    }
}
