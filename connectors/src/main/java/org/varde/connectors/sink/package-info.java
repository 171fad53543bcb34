/**
 * Result sinks: where a normalised result is written back (PACS as DICOM SR, RIS as FHIR R4 or HL7
 * v2). Each sink builds its message from the result model, checks it, sends it, and fails with a
 * {@link org.varde.connectors.sink.SinkFailure} that says whether a retry can help, in the peer's own
 * words. Retries, backoff and dead letters belong to the gateway's delivery stage.
 */
package org.varde.connectors.sink;
