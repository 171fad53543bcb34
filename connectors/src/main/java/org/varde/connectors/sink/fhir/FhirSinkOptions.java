package org.varde.connectors.sink.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One FHIR server a result is written to, and how the hospital names patients and orders there.
 *
 * @param baseUrl                 the server's base, e.g. {@code https://ris.example/fhir}
 * @param bearerToken             sent as {@code Authorization: Bearer}, if the server wants one
 * @param patientIdentifierSystem the system of the hospital's patient identifiers (DICOM Patient ID),
 *                                e.g. a national identifier's OID as {@code urn:oid:...}
 * @param accessionSystem         the system of accession numbers (the RIS order's filler number)
 * @param connectTimeout          to open the connection
 * @param requestTimeout          to get the whole answer (socket timeout)
 * @param priorityBy              a Task asking for the priority, or an update of the order's ServiceRequest
 */
public record FhirSinkOptions(URI baseUrl, Optional<String> bearerToken, String patientIdentifierSystem,
                              String accessionSystem, Duration connectTimeout, Duration requestTimeout,
                              PriorityTarget priorityBy) {
    /** Priority by Task, the default. */
    public FhirSinkOptions(URI baseUrl, Optional<String> bearerToken, String patientIdentifierSystem,
                           String accessionSystem, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, bearerToken, patientIdentifierSystem, accessionSystem, connectTimeout, requestTimeout,
                PriorityTarget.TASK);
    }

    public FhirSinkOptions {
        Objects.requireNonNull(priorityBy, "priorityBy");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(patientIdentifierSystem, "patientIdentifierSystem");
        Objects.requireNonNull(accessionSystem, "accessionSystem");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("a FHIR base URL is http:// or https://, was " + baseUrl);
        }
    }
}
