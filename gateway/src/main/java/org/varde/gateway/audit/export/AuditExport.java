package org.varde.gateway.audit.export;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.varde.dicom.tls.TlsContext;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.config.AuditSettings;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/** Opens the exporter the {@code audit.syslog} block asks for. */
public final class AuditExport {
    /** How long a connection, a TLS handshake or a write to the collector may take. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int BATCH = 200;

    private AuditExport() {
    }

    /** Reads the TLS files now (blocking); nothing is sent before {@link AuditExporter#start}. */
    public static AuditExporter open(AuditSettings.Syslog syslog, DataSource dataSource, AuditLog log, Vertx vertx,
                                     MeterRegistry registry) throws IOException, GeneralSecurityException {
        SyslogTransport transport;
        if (syslog.transport() == AuditSettings.Transport.TLS) {
            TlsContext tls = TlsContext.load(vertx, syslog.tls());
            transport = new TlsSyslogTransport(syslog.host(), syslog.port(), tls.sslContext(), tls.sslParameters(),
                    TIMEOUT);
        } else {
            transport = new UdpSyslogTransport(syslog.host(), syslog.port());
        }
        return new AuditExporter(dataSource, log, new DicomAuditMessage(syslog.auditSourceId()), transport,
                hostName(), "varde", BATCH, registry);
    }

    /** RFC 5424 6.2.4: the host's name, as the collector will show it. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
