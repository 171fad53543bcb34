package org.varde.gateway.dispatch;

import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.Endpoint;
import org.varde.gateway.routing.EndpointProtocol;

/** Builds an adapter's request from a catalogue entry and a job: the one place routing meets connectors. */
final class DispatchRequests {
    private DispatchRequests() {
    }

    /** @throws IllegalArgumentException when the job selects no instances */
    static DispatchRequest of(Algorithm algorithm, DispatchJob job, String callingAeTitle) throws DispatchFailure {
        return new DispatchRequest(job.idempotencyKey(), algorithm.id(), job.studyInstanceUid(), job.instances(),
                endpoint(algorithm, callingAeTitle), algorithm.timeout());
    }

    private static AlgorithmEndpoint endpoint(Algorithm algorithm, String callingAeTitle) throws DispatchFailure {
        Endpoint endpoint = algorithm.endpoint();
        if (endpoint.protocol() != EndpointProtocol.DICOM) {
            throw DispatchFailure.of(Kind.INTERNAL, "algorithm " + algorithm.id() + " is reached over "
                    + endpoint.protocol().word() + ", for which no adapter is configured");
        }
        return new DicomEndpoint(endpoint.host(), endpoint.port(), endpoint.aeTitle(), callingAeTitle);
    }
}
