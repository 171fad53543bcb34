package org.varde.gateway.config;

import org.varde.dicom.tls.TlsConfigException;
import org.varde.dicom.tls.TlsSettingsReader;

import org.varde.gateway.audit.CheckpointKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the {@code audit:} section ({@link AuditSettings}). */
final class AuditReader {
    /** RFC 5425 4.1: the port registered for syslog over TLS. */
    static final int SYSLOG_TLS_PORT = 6514;
    /** RFC 5426 3.3: the port registered for syslog over UDP. */
    static final int SYSLOG_UDP_PORT = 514;

    private AuditReader() {
    }

    static AuditSettings read(ConfigSection audit, Path baseDir, String nodeId) throws ConfigException {
        if (!audit.present()) {
            return AuditSettings.NONE;
        }
        int days = audit.integer("retentionDays", (int) AuditSettings.MIN_RETENTION.toDays(),
                (int) AuditSettings.MIN_RETENTION.toDays(), 36_500);
        AuditSettings.Checkpoints checkpoints = audit.has("checkpoints")
                ? checkpoints(audit.section("checkpoints"), baseDir) : null;
        AuditSettings.Syslog syslog = audit.has("syslog") ? syslog(audit.section("syslog"), baseDir, nodeId) : null;
        audit.refuseUnknownKeys();
        return new AuditSettings(syslog, checkpoints, Duration.ofDays(days));
    }

    private static AuditSettings.Checkpoints checkpoints(ConfigSection s, Path baseDir) throws ConfigException {
        Path privateKey = keyFile(s, "privateKey", baseDir);
        Path publicKey = keyFile(s, "publicKey", baseDir);
        try {
            if (!CheckpointKeys.pair(CheckpointKeys.readPrivate(privateKey), CheckpointKeys.readPublic(publicKey))) {
                throw new ConfigException(s.keyPath("publicKey"), "is not the public key of privateKey");
            }
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException(s.keyPath("privateKey"), "cannot read the Ed25519 key pair: " + e.getMessage()
                    + " (make one with ./varde audit keygen)");
        }
        int minutes = s.integer("intervalMinutes", 60, 1, 24 * 60);
        s.refuseUnknownKeys();
        return new AuditSettings.Checkpoints(privateKey, publicKey, Duration.ofMinutes(minutes));
    }

    private static Path keyFile(ConfigSection s, String key, Path baseDir) throws ConfigException {
        String name = s.string(key, null);
        if (name == null || name.isBlank()) {
            throw new ConfigException(s.keyPath(key), "is required: a PEM file (./varde audit keygen makes a pair)");
        }
        Path file = baseDir.resolve(name).normalize();
        if (!java.nio.file.Files.isReadable(file)) {
            throw new ConfigException(s.keyPath(key), "cannot read " + file);
        }
        return file;
    }

    private static AuditSettings.Syslog syslog(ConfigSection s, Path baseDir, String nodeId) throws ConfigException {
        Map<String, Object> tlsBlock = s.plainMapping("tls");
        String host = s.string("host", null);
        if (host == null || host.isBlank()) {
            throw new ConfigException(s.keyPath("host"), "is required: the syslog collector's host name or address");
        }
        String word = s.string("transport", "tls").toLowerCase(Locale.ROOT);
        AuditSettings.Transport transport = switch (word) {
            case "tls" -> AuditSettings.Transport.TLS;
            case "udp" -> AuditSettings.Transport.UDP;
            default -> throw new ConfigException(s.keyPath("transport"), "must be tls (RFC 5425) or udp (RFC 5426), "
                    + "was \"" + word + "\"");
        };
        int port = s.integer("port", transport == AuditSettings.Transport.TLS ? SYSLOG_TLS_PORT : SYSLOG_UDP_PORT,
                1, 65535);
        org.varde.dicom.tls.TlsSettings tls = null;
        if (transport == AuditSettings.Transport.TLS) {
            try {
                // the collector's certificate is checked against these CAs (or the JDK's when none are named)
                tls = TlsSettingsReader.read(tlsBlock == null ? Map.of() : tlsBlock, s.keyPath("tls"), baseDir,
                        TlsSettingsReader.Side.CLIENT, Set.of());
            } catch (TlsConfigException e) {
                throw new ConfigException(e.key(), e.getMessage());
            }
        } else if (tlsBlock != null) {
            throw new ConfigException(s.keyPath("tls"), "is only read with transport: tls");
        }
        String source = s.string("auditSourceId", nodeId);
        int seconds = s.integer("intervalSeconds", 1, 1, 3600);
        s.refuseUnknownKeys();
        return new AuditSettings.Syslog(host, port, transport, tls, source, Duration.ofSeconds(seconds));
    }
}
