package org.varde.gateway.config;

import org.varde.dicom.tls.TlsSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code audit:} section: how long audit events are kept, the signed checkpoints of the chain,
 * and where the log is also sent (an ATNA syslog collector: DICOM PS3.15 A.5 messages over RFC 5425
 * TLS or RFC 5426 UDP). The store's hash-chained log is the record either way.
 *
 * @param syslog      null when nothing is exported
 * @param checkpoints null when the chain is not signed
 * @param retention   how long an event is kept at least (six months by default, never less); older
 *                    events are removed only up to a signed checkpoint
 */
public record AuditSettings(Syslog syslog, Checkpoints checkpoints, Duration retention) {
    /** Six months: the EU AI Act's minimum for a deployer's logs of a high-risk AI system (Art. 26(6)). */
    public static final Duration MIN_RETENTION = Duration.ofDays(183);
    public static final AuditSettings NONE = new AuditSettings(null, null, MIN_RETENTION);

    public AuditSettings {
        Objects.requireNonNull(retention, "retention");
    }

    /**
     * @param privateKey Ed25519 PKCS#8 PEM the gateway signs with
     * @param publicKey  the matching X.509 PEM, to verify
     * @param interval   how often the chain's head is signed
     */
    public record Checkpoints(java.nio.file.Path privateKey, java.nio.file.Path publicKey, Duration interval) {
        public Checkpoints {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(interval, "interval");
        }
    }

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
