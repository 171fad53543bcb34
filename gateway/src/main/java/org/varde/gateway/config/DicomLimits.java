package org.varde.gateway.config;

import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.net.DicomServerOptions;

import java.time.Duration;

/**
 * The {@code dicom.limits} section: what one peer may cost the gateway before it is refused.
 *
 * @param header                       what the header parse of one instance may keep and inflate (bulk
 *                                     values skipped, a budget for the rest, inflation ratio and size)
 * @param maxPendingConnections        TCP connections accepted that have not sent an A-ASSOCIATE-RQ yet
 * @param maxPendingConnectionsPerHost the same per remote address
 * @param associationRequestTimeout    PS3.8 9.1.5 ARTIM: from accept to the A-ASSOCIATE-RQ, and from
 *                                     release or abort to the close
 * @param idleTimeout                  an association that sends nothing for this long is aborted
 */
public record DicomLimits(ReadLimits header, int maxPendingConnections, int maxPendingConnectionsPerHost,
                          Duration associationRequestTimeout, Duration idleTimeout) {
    public static final DicomLimits DEFAULTS = new DicomLimits(ReadLimits.DEFAULTS,
            DicomServerOptions.DEFAULT_MAX_PENDING_CONNECTIONS, DicomServerOptions.DEFAULT_MAX_PENDING_CONNECTIONS_PER_HOST,
            Duration.ofMillis(DicomServerOptions.DEFAULT_ARTIM_MILLIS),
            Duration.ofMillis(DicomServerOptions.DEFAULT_IDLE_MILLIS));
}
