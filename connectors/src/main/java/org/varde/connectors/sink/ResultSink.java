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

    @Override
    default void close() {
    }
}
