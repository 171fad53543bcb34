package org.varde.connectors.algorithm;

/**
 * Where one vendor's algorithm is reached, in the terms its adapter needs (a DICOM AE, a DICOMweb or
 * REST base URL). Each adapter accepts its own kind and refuses the others.
 */
public interface AlgorithmEndpoint {
    /** For logs: where the data goes, never what it is about. */
    String describe();
}
