package org.varde.connectors.sink.pacs;

import java.time.Duration;
import java.util.Objects;

import org.varde.dicom.tls.TlsSettings;

/**
 * A PACS that takes results by C-STORE.
 *
 * @param tls          TLS towards the PACS (PS3.15 B.10, B.12), or null for plain TCP
 * @param summaryImage also send a Secondary Capture summary for viewers that do not show SR
 * @param writer       UID root and device identity of the objects Varde writes
 * @param timeout      the whole store, association to the last response
 */
public record PacsTarget(String host, int port, String aeTitle, TlsSettings tls, boolean summaryImage,
                         PacsWriterOptions writer, Duration timeout) {
    public PacsTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(timeout, "timeout");
    }

    public String describe() {
        return aeTitle + "@" + host + ":" + port + (tls == null ? "" : " (TLS)");
    }
}
