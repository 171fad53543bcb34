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

    static DispatchRequest of(Algorithm algorithm, DispatchJob job, String callingAeTitle) throws DispatchFailure {
        if (job.instances().isEmpty()) {
            throw DispatchFailure.of(Kind.INTERNAL, "job " + job.idempotencyKey() + " selects no instances");
        }
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
