package org.varde.gateway.audit.export;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TlsSettings;
import org.varde.dicom.tls.TlsSettingsReader;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.config.AuditSettings;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log sent to a real collector (rsyslogd on loopback) over UDP and over TLS with mutual
 * authentication: every message arrives once, in chain order, as RFC 5424 with the ATNA priority
 * and message id, and its XML follows the DICOM audit message schema. A collector that is down, or
 * one Varde cannot trust, delays the export and loses nothing.
 */
class AtnaSyslogExportTest {
    private static final Pattern SEQ = Pattern.compile("varde audit seq (\\d+)");
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.77";

    @TempDir
    Path dir;
    private final Pools pools = new Pools("atna");
    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DataSource dataSource;
    private AuditLog log;
    private TestPki pki;
    private TestPki.Issued ca;
    private Rsyslog collector;
    private AuditExporter exporter;

    @BeforeEach
    void setUp() throws Exception {
        dataSource = pools.open(TestDatabase.h2("atna"));
        log = new AuditLog(dataSource, Clock.systemUTC(), "gw-1", null);
        pki = TestPki.in(dir);
        ca = pki.ca("Hospital Audit CA");
        collector = new Rsyslog(dir, ca, pki.issue(ca, "audit-repository"));
        collector.start();
    }

    @AfterEach
    void tearDown() {
        if (exporter != null) {
            exporter.close();
        }
        collector.close();
        pools.close();
        vertx.close();
    }

    @Test
    void overUdpEveryEventArrivesInOrderAsAnAtnaMessage() throws Exception {
        record(3);
        exporter = AuditExport.open(new AuditSettings.Syslog("127.0.0.1", collector.udpPort, AuditSettings.Transport.UDP,
                null, "varde-test", Duration.ofSeconds(1)), dataSource, log, vertx, registry);
        assertEquals(3, exporter.exportOnce());
        assertArrived(List.of(1L, 2L, 3L));
        assertEquals(3, exporter.cursor());
    }

    @Test
    void overMutualTlsACollectorOutageDelaysMessagesAndLosesNone() throws Exception {
        exporter = AuditExport.open(tls(pki.issue(ca, "varde"), ca), dataSource, log, vertx, registry);
        record(2);
        assertEquals(2, exporter.exportOnce());
        assertArrived(List.of(1L, 2L));

        collector.close();
        record(3);
        assertEquals(0, exporter.exportOnce(), "nothing can be sent while the collector is down");
        assertEquals(2, exporter.cursor());
        assertTrue(registry.get("varde_audit_export_failures_total").counter().count() >= 1);
        assertEquals(3.0, registry.get("varde_audit_export_behind_events").gauge().value());

        collector.start();
        assertTrue(Poll.untilIo(Duration.ofSeconds(30), () -> {
            exporter.exportOnce();
            return exporter.cursor() == 5;
        }), "the backlog is sent once the collector is back");
        assertArrived(List.of(1L, 2L, 3L, 4L, 5L));
        assertEquals(0.0, registry.get("varde_audit_export_behind_events").gauge().value());
    }

    @Test
    void aCollectorWhoseCertificateVardeDoesNotTrustGetsNothing() throws Exception {
        TestPki.Issued otherCa = TestPki.in(java.nio.file.Files.createDirectories(dir.resolve("other"))).ca("Other CA");
        exporter = AuditExport.open(tls(pki.issue(ca, "varde"), otherCa), dataSource, log, vertx, registry);
        record(1);
        assertEquals(0, exporter.exportOnce());
        assertEquals(0, exporter.cursor(), "an event not delivered is not passed by");
        assertEquals(List.of(), ours());
    }

    private AuditSettings.Syslog tls(TestPki.Issued client, TestPki.Issued trusted) throws Exception {
        TlsSettings settings = TlsSettingsReader.read(Map.of(
                "trustedCertificates", trusted.certificateFile().toString(),
                "certificate", client.certificateFile().toString(),
                "key", client.keyFile().toString()), "audit.syslog.tls", dir, TlsSettingsReader.Side.CLIENT, Set.of());
        // the collector's certificate names localhost and 127.0.0.1: host name verification passes for both
        return new AuditSettings.Syslog("localhost", collector.tlsPort, AuditSettings.Transport.TLS, settings,
                "varde-test", Duration.ofSeconds(1));
    }

    /** Appends events of several kinds: a disclosure of a study, an admin action, a purge. */
    private void record(int count) throws Exception {
        AuditAction[] kinds = {AuditAction.DISCLOSURE_TO_VENDOR, AuditAction.TOKEN_CREATED, AuditAction.PURGE};
        for (int i = 0; i < count; i++) {
            AuditAction action = kinds[(int) (Math.random() * kinds.length)];
            log.append(AuditEntry.of(Actor.fromDescription("token admin"), action).study(STUDY)
                    .job("job-" + i, "lung-nodules").target("dicom://VENDOR@10.0.0.9:104").detail("event " + i));
        }
    }

    private void assertArrived(List<Long> seqs) throws Exception {
        assertTrue(Poll.untilIo(Duration.ofSeconds(30), () -> ours().size() >= seqs.size()),
                "rsyslog wrote " + ours().size() + " of " + seqs.size() + " messages");
        List<Long> got = new ArrayList<>();
        for (Rsyslog.Received m : ours()) {
            assertEquals("85", m.pri(), "facility 10 (security/authorization), severity 5 (notice)");
            assertEquals("1", m.version());
            assertEquals("varde", m.appName());
            assertEquals("gw-1", m.procId());
            String xml = m.msg().startsWith("\uFEFF") ? m.msg().substring(1) : m.msg();
            AuditMessageSchema.check(xml);
            Matcher seq = SEQ.matcher(xml);
            assertTrue(seq.find(), xml);
            got.add(Long.parseLong(seq.group(1)));
        }
        assertEquals(seqs, got, "each event once, in the chain's order");
    }

    private List<Rsyslog.Received> ours() throws Exception {
        return collector.messages().stream().filter(m -> m.msgId().equals("IHE+RFC-3881")).toList();
    }
}
