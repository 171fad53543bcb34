package org.varde.dicom.net;

/**
 * How a DICOM client (association requestor) behaves.
 *
 * @param maxPduLength         our receive limit announced in A-ASSOCIATE-RQ (PS3.8 D.1)
 * @param connectTimeoutMillis TCP connect timeout
 * @param artimTimeoutMillis   PS3.8 9.1.5: bounds the wait for A-ASSOCIATE-AC and A-RELEASE-RP
 */
public record DicomClientOptions(int maxPduLength, int connectTimeoutMillis, long artimTimeoutMillis) {
    public static DicomClientOptions defaults() {
        return new DicomClientOptions(DicomServerOptions.DEFAULT_MAX_PDU_LENGTH, 10_000,
                DicomServerOptions.DEFAULT_ARTIM_MILLIS);
    }
}
