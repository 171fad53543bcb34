package org.varde.gateway.config;

import org.varde.dicom.tls.TlsConfigException;
import org.varde.dicom.tls.TlsSettingsReader;

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
        if (!audit.present() || !audit.has("syslog")) {
            audit.refuseUnknownKeys();
            return AuditSettings.NONE;
        }
        ConfigSection s = audit.section("syslog");
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
        audit.refuseUnknownKeys();
        return new AuditSettings(new AuditSettings.Syslog(host, port, transport, tls, source,
                Duration.ofSeconds(seconds)));
    }
}
