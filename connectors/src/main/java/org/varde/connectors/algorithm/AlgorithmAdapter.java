package org.varde.connectors.algorithm;

import io.vertx.core.Future;

/**
 * Hands a study's instances to a vendor's algorithm over one protocol. Implementations never block
 * the calling thread and honour {@link DispatchRequest#timeout()} themselves: when it fires they
 * abort what is on the wire and fail with {@link DispatchFailure.Kind#TIMEOUT}.
 */
public interface AlgorithmAdapter {
    /**
     * @return a receipt when the vendor acknowledged every instance; otherwise a failed future whose
     *         cause is a {@link DispatchFailure}
     */
    Future<DispatchReceipt> dispatch(DispatchRequest request);
}
