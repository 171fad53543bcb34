package org.varde.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.TestPki;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code audit:} block: where the audit log is also sent, validated at load. */
class AuditConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheBlockNothingIsExported() throws Exception {
        assertNull(ConfigLoader.parse("", dir).audit().syslog());
    }

    @Test
    void tlsIsTheDefaultOnItsRegisteredPortWithTheCasNamed() throws Exception {
        TestPki pki = TestPki.in(dir);
        TestPki.Issued ca = pki.ca("Audit CA");
        TestPki.Issued varde = pki.issue(ca, "varde");
        AuditSettings.Syslog s = ConfigLoader.parse("""
                node: {id: gw-7}
                audit:
                  syslog:
                    host: arr.hospital.example
                    tls:
                      trustedCertificates: %s
                      certificate: %s
                      key: %s
                """.formatted(ca.certificateFile(), varde.certificateFile(), varde.keyFile()), dir).audit().syslog();
        assertEquals(AuditSettings.Transport.TLS, s.transport());
        assertEquals(6514, s.port(), "RFC 5425 4.1");
        assertNotNull(s.tls().trust());
        assertNotNull(s.tls().key(), "Varde's own certificate for ATNA's mutual authentication");
        assertEquals("gw-7", s.auditSourceId(), "the node id unless named");
        assertEquals(Duration.ofSeconds(1), s.interval());
    }

    @Test
    void udpUsesItsOwnPort() throws Exception {
        AuditSettings.Syslog s = ConfigLoader.parse("""
                audit: {syslog: {host: 10.0.0.5, transport: udp, auditSourceId: varde-a, intervalSeconds: 5}}
                """, dir).audit().syslog();
        assertEquals(514, s.port(), "RFC 5426 3.3");
        assertNull(s.tls());
        assertEquals("varde-a", s.auditSourceId());
        assertEquals(Duration.ofSeconds(5), s.interval());
    }

    @Test
    void checkpointsNeedAMatchingEd25519PairAndRetentionNeverGoesBelowSixMonths() throws Exception {
        org.varde.gateway.audit.CheckpointKeys.generate(dir.resolve("a.key"), dir.resolve("a.pub"));
        org.varde.gateway.audit.CheckpointKeys.generate(dir.resolve("b.key"), dir.resolve("b.pub"));
        AuditSettings audit = ConfigLoader.parse(
                "audit: {retentionDays: 400, checkpoints: {privateKey: a.key, publicKey: a.pub, intervalMinutes: 15}}",
                dir).audit();
        assertEquals(Duration.ofDays(400), audit.retention());
        assertEquals(dir.resolve("a.pub"), audit.checkpoints().publicKey());
        assertEquals(Duration.ofMinutes(15), audit.checkpoints().interval());
        assertNull(audit.syslog());
        assertEquals(Duration.ofDays(183), ConfigLoader.parse("", dir).audit().retention(), "six months by default");
        assertRefused("audit: {checkpoints: {privateKey: a.key, publicKey: b.pub}}", "audit.checkpoints.publicKey");
        assertRefused("audit: {checkpoints: {privateKey: a.key}}", "audit.checkpoints.publicKey");
        assertRefused("audit: {checkpoints: {privateKey: a.pub, publicKey: a.pub}}", "audit.checkpoints.privateKey");
        assertRefused("audit: {retentionDays: 90}", "audit.retentionDays");
    }

    @Test
    void mistakesAreRefusedWithTheirKey() {
        assertRefused("audit: {syslog: {transport: udp}}", "audit.syslog.host");
        assertRefused("audit: {syslog: {host: h, transport: tcp}}", "audit.syslog.transport");
        assertRefused("audit: {syslog: {host: h, transport: udp, tls: {trustedCertificates: x.pem}}}", "audit.syslog.tls");
        assertRefused("audit: {syslog: {host: h, tls: {trustedCertificates: missing.pem}}}", "audit.syslog.tls");
        assertRefused("audit: {syslog: {host: h, port: 0}}", "audit.syslog.port");
        assertRefused("audit: {syslog: {host: h, colour: blue}}", "audit.syslog.colour");
        assertRefused("audit: {sislog: {host: h}}", "audit.sislog");
    }

    private void assertRefused(String yaml, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, dir));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
