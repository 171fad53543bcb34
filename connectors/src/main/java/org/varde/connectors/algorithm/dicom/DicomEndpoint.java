package org.varde.connectors.algorithm.dicom;

import org.varde.connectors.algorithm.AlgorithmEndpoint;

import java.util.Objects;

/**
 * A vendor's storage SCP, as the DICOM adapter calls it.
 *
 * @param calledAeTitle  the vendor's AE title
 * @param callingAeTitle ours, as the vendor knows us
 */
public record DicomEndpoint(String host, int port, String calledAeTitle, String callingAeTitle)
        implements AlgorithmEndpoint {
    public DicomEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    @Override
    public String describe() {
        return calledAeTitle + "@" + host + ":" + port;
    }
}
