package org.varde.connectors.sink;

/**
 * One configured destination of results (a PACS, a FHIR server, an HL7 listener). Blocking: the
 * delivery stage calls it from a worker thread. Preparing builds and checks the message without
 * sending it; a shadow route keeps that and stops there.
 */
public interface ResultSink extends AutoCloseable {

    /**
     * Builds the message for one delivery and checks it as the peer would (FHIR validation, HL7
     * re-parse, DICOM SR rules).
     *
     * @throws SinkFailure of kind {@link SinkFailure.Kind#INVALID} when what was built does not pass
     */
    PreparedDelivery prepare(DeliveryContent content) throws SinkFailure;

    /**
     * Sends a prepared delivery and waits for the peer's acknowledgement.
     *
     * @return what the peer answered, in a few words (a location, a control id, a SOP Instance UID)
     */
    String send(PreparedDelivery prepared) throws SinkFailure;

    /**
     * The worklist priority the peer holds now for the study's order, where the peer can be asked (a
     * FHIR RIS: the ServiceRequest found by accession number); empty when it holds none or cannot be
     * asked (HL7 v2 has no query here: the delivery stage compares with what Varde itself last asked
     * for). The stage never sends a priority that is not higher than this. Blocking.
     *
     * @throws SinkFailure when the peer cannot be asked now (a retry asks again): nothing is sent blind
     */
    default java.util.Optional<org.varde.connectors.result.WorklistPriority> heldPriority(DeliveryContent content)
            throws SinkFailure {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }
}
