package org.varde.dicom.net;

import org.varde.dicom.tls.TlsSettings;

/**
 * How a DICOM client (association requestor) behaves.
 *
 * @param maxPduLength         our receive limit announced in A-ASSOCIATE-RQ (PS3.8 D.1)
 * @param connectTimeoutMillis TCP connect timeout
 * @param artimTimeoutMillis   PS3.8 9.1.5: bounds the wait for A-ASSOCIATE-AC and A-RELEASE-RP
 * @param tls                  TLS towards the peer (PS3.15 B.10, B.12), or null for plain TCP
 */
public record DicomClientOptions(int maxPduLength, int connectTimeoutMillis, long artimTimeoutMillis,
                                 TlsSettings tls) {
    public DicomClientOptions(int maxPduLength, int connectTimeoutMillis, long artimTimeoutMillis) {
        this(maxPduLength, connectTimeoutMillis, artimTimeoutMillis, null);
    }

    public static DicomClientOptions defaults() {
        return new DicomClientOptions(DicomServerOptions.DEFAULT_MAX_PDU_LENGTH, 10_000,
                DicomServerOptions.DEFAULT_ARTIM_MILLIS);
    }

    /** The same client speaking TLS with {@code settings} (null: plain TCP). */
    public DicomClientOptions withTls(TlsSettings settings) {
        return new DicomClientOptions(maxPduLength, connectTimeoutMillis, artimTimeoutMillis, settings);
    }
}
