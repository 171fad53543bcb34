package org.varde.gateway.config;

import org.varde.dicom.tls.TlsSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code audit:} section. Today it holds where the audit log is also sent: an ATNA syslog
 * collector (DICOM PS3.15 A.5 messages over RFC 5425 TLS or RFC 5426 UDP). The store's hash-chained
 * log is the record either way.
 *
 * @param syslog null when nothing is exported
 */
public record AuditSettings(Syslog syslog) {
    public static final AuditSettings NONE = new AuditSettings(null);

    public enum Transport { TLS, UDP }

    /**
     * @param tls           the client side of the TLS connection (trust, Varde's own certificate); null for UDP
     * @param auditSourceId how the collector knows this Varde (A.5.2 AuditSourceID)
     * @param interval      how often the exporter looks for new events
     */
    public record Syslog(String host, int port, Transport transport, TlsSettings tls, String auditSourceId,
                         Duration interval) {
        public Syslog {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(auditSourceId, "auditSourceId");
            Objects.requireNonNull(interval, "interval");
            if (transport == Transport.TLS) {
                Objects.requireNonNull(tls, "tls");
            }
        }
    }
}
