package org.varde.gateway.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.sites.Site;
import org.varde.gateway.sites.Sites;
import org.varde.gateway.sites.StudySites;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hash-chained audit log on every database: appends link, the chain verifies, and a row changed,
 * removed, reordered or cut off in the database is found, naming the first broken row. Two "nodes"
 * (two pools) appending at once still make one dense chain (the head row's lock).
 */
abstract class AuditLogContract {
    private final Pools pools = new Pools("audit-test");
    DataSource dataSource;
    AuditLog log;

    abstract TestDatabase emptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        dataSource = pools.open(emptyDatabase());
        sql("DELETE FROM audit_events");
        sql("DELETE FROM audit_checkpoints");
        sql("DELETE FROM study_sites");
        sql("UPDATE audit_head SET last_seq = 0, last_hash = '" + AuditChain.GENESIS + "' WHERE id = 1");
        log = new AuditLog(dataSource, Clock.systemUTC(), "node-a", null);
    }

    @AfterEach
    void close() {
        pools.close();
    }

    private AuditEntry disclosure(int n) {
        return AuditEntry.of(Actor.system("dispatch on node-a"), AuditAction.DISCLOSURE_TO_VENDOR)
                .study("1.2.3." + n).job("job-" + n, "lung-nodules").target("dicom PULMOSPOT@127.0.0.1:11121")
                .detail("vendor acknowledged " + n + " instances; 'quotes' and ; and : and ÆØÅ");
    }

    private void appendFive() throws SQLException {
        for (int i = 1; i <= 5; i++) {
            log.append(disclosure(i));
        }
    }

    @Test
    void appendedEventsLinkAndTheChainVerifies() throws Exception {
        new StudySites(dataSource, () -> new Sites(List.of(new Site("nordby", List.of("CT1"), List.of()))),
                Clock.systemUTC()).assign("1.2.3.1", "CT1", null);
        AuditEvent first = log.append(disclosure(1));
        AuditEvent second = log.append(AuditEntry.of(Actor.peer("PULMOSPOT"), AuditAction.RESULT_RECEIVED)
                .study("1.2.3.2"));
        assertEquals(1, first.seq());
        assertEquals(AuditChain.GENESIS, first.prevHash());
        assertEquals(first.hash(), second.prevHash());
        assertEquals("nordby", first.site(), "the event carries the site its study was given at arrival");
        assertNull(second.site(), "a study that never arrived has no site");

        List<AuditEvent> read = log.between(null, null, 100);
        assertEquals(List.of(first, second), read, "what is read back is what was hashed");
        assertEquals(ChainReport.ok(2, 1, 0, false), log.verify());
        assertEquals(List.of(first), log.forStudy("1.2.3.1"));
        assertEquals(0, log.between(Instant.now().plusSeconds(60), null, 10).size());
    }

    @Test
    void anEmptyLogIsIntact() throws Exception {
        assertEquals(ChainReport.ok(0, 1, 0, false), log.verify());
    }

    @Test
    void aChangedRowIsFoundByItsHash() throws Exception {
        appendFive();
        sql("UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 3");
        ChainReport report = log.verify();
        assertFalse(report.intact());
        assertEquals(3L, report.firstBrokenSeq());
        assertTrue(report.why().contains("does not match its hash"), report.why());
    }

    @Test
    void aChangedRowWithItsHashRecomputedBreaksTheNextLink() throws Exception {
        appendFive();
        // a careful forger recomputes row 2's hash: row 3 still names the old one
        AuditEvent row2 = log.between(null, null, 10).get(1);
        AuditEntry forged = row2.entry().detail("forged");
        String hash = AuditChain.hash(row2.prevHash(), AuditChain.canonical(2, row2.at(), row2.node(), forged, row2.site()));
        sql("UPDATE audit_events SET detail = 'forged', hash = '" + hash + "' WHERE seq = 2");
        ChainReport report = log.verify();
        assertEquals(3L, report.firstBrokenSeq(), report.describe());
        assertTrue(report.why().contains("prev_hash"), report.why());
    }

    @Test
    void aRemovedRowLeavesAGap() throws Exception {
        appendFive();
        sql("DELETE FROM audit_events WHERE seq = 2");
        ChainReport report = log.verify();
        assertEquals(2L, report.firstBrokenSeq(), report.describe());
        assertTrue(report.why().contains("missing"), report.why());
    }

    @Test
    void reorderedRowsAreFound() throws Exception {
        appendFive();
        sql("UPDATE audit_events SET seq = 99 WHERE seq = 2");
        sql("UPDATE audit_events SET seq = 2 WHERE seq = 4");
        sql("UPDATE audit_events SET seq = 4 WHERE seq = 99");
        ChainReport report = log.verify();
        assertEquals(2L, report.firstBrokenSeq(), report.describe());
    }

    @Test
    void aCutTailDisagreesWithTheHead() throws Exception {
        appendFive();
        sql("DELETE FROM audit_events WHERE seq >= 4");
        ChainReport report = log.verify();
        assertEquals(4L, report.firstBrokenSeq(), report.describe());
        assertTrue(report.why().contains("head"), report.why());
    }

    @Test
    void twoNodesAppendingAtOnceMakeOneDenseChain() throws Exception {
        AuditLog other = new AuditLog(pools.open(emptyDatabaseWithoutReset()), Clock.systemUTC(), "node-b", null);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditEvent>> appends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                AuditLog node = i % 2 == 0 ? log : other;
                int n = i;
                appends.add(threads.submit(() -> node.append(disclosure(n))));
            }
            Set<Long> seqs = new HashSet<>();
            for (Future<AuditEvent> f : appends) {
                seqs.add(f.get(60, TimeUnit.SECONDS).seq());
            }
            assertEquals(40, seqs.size(), "every append got its own place");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(ChainReport.ok(40, 1, 0, false), log.verify());
        assertEquals(Set.of("node-a", "node-b"), new HashSet<>(log.between(null, null, 100).stream()
                .map(AuditEvent::node).toList()));
    }

    @Test
    void aChainRewrittenWholeAfterASignedCheckpointFailsThere() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        AuditCheckpoints checkpoints = new AuditCheckpoints(dataSource, Clock.systemUTC());
        log.append(disclosure(1));
        log.append(disclosure(2));
        log.append(disclosure(3));
        Checkpoint signed = checkpoints.take(key.getPrivate(), CheckpointKeys.keyId(key.getPublic())).orElseThrow();
        assertEquals(3, signed.seq());
        assertTrue(checkpoints.take(key.getPrivate(), "k").isEmpty(), "the head is signed once");
        log.append(disclosure(4));
        log.append(disclosure(5));
        ChainReport before = log.verify(key.getPublic());
        assertTrue(before.intact() && before.checkpoints() == 1 && before.signaturesChecked(), before.describe());

        // someone with write access changes row 2 and recomputes every hash after it, and the head:
        // the links hold again, only the signed checkpoint knows
        List<AuditEvent> rows = log.between(null, null, 10);
        String prev = rows.get(0).hash();
        for (AuditEvent row : rows.subList(1, rows.size())) {
            AuditEntry entry = row.seq() == 2 ? row.entry().detail("forged") : row.entry();
            String hash = AuditChain.hash(prev, AuditChain.canonical(row.seq(), row.at(), row.node(), entry, row.site()));
            sql("UPDATE audit_events SET detail = '" + entry.detail().replace("'", "''") + "', prev_hash = '" + prev
                    + "', hash = '" + hash + "' WHERE seq = " + row.seq());
            prev = hash;
        }
        sql("UPDATE audit_head SET last_hash = '" + prev + "' WHERE id = 1");
        ChainReport after = log.verify(key.getPublic());
        assertFalse(after.intact());
        assertEquals(3L, after.firstBrokenSeq(), after.describe());
        assertTrue(after.why().contains("checkpoint"), after.why());
        assertFalse(log.verify().intact(), "without the key the checkpoint's hash still tells");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPair ours = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        appendFive();
        new AuditCheckpoints(dataSource, Clock.systemUTC()).take(forger.getPrivate(), CheckpointKeys.keyId(forger.getPublic()));
        ChainReport report = log.verify(ours.getPublic());
        assertFalse(report.intact());
        assertTrue(report.why().contains("not signed by the key given"), report.why());
        assertTrue(log.verify(forger.getPublic()).intact());
    }

    @Test
    void eventsPastTheirRetentionAreRemovedUpToASignedCheckpointAndTheRestStillVerifies() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
        AuditLog timed = new AuditLog(dataSource, clock, "node-a", null);
        AuditCheckpoints checkpoints = new AuditCheckpoints(dataSource, clock);
        Duration retention = Duration.ofDays(183);
        for (int i = 1; i <= 3; i++) {
            timed.append(disclosure(i));
        }
        assertEquals(0, checkpoints.prune(retention, timed), "nothing is old yet");
        clock.advance(Duration.ofDays(100));
        assertEquals(0, checkpoints.prune(retention, timed), "old events without a checkpoint are kept: "
                + "an unsigned start could not be verified");
        checkpoints.take(key.getPrivate(), CheckpointKeys.keyId(key.getPublic()));
        timed.append(disclosure(4));
        clock.advance(Duration.ofDays(90));
        assertEquals(0, checkpoints.prune(retention, timed), "day 190: the checkpoint of day 100 is not 183 days old");
        clock.advance(Duration.ofDays(100));
        timed.append(disclosure(5));
        assertEquals(3, checkpoints.prune(retention, timed), "rows 1..3, up to the checkpoint of day 100");
        List<AuditEvent> kept = timed.between(null, null, 10);
        assertEquals(List.of(4L, 5L, 6L), kept.stream().map(AuditEvent::seq).toList());
        assertEquals(AuditAction.AUDIT_PRUNED, kept.get(2).entry().action(), "the removal is itself an event");
        ChainReport report = timed.verify(key.getPublic());
        assertTrue(report.intact(), report.describe());
        assertEquals(4, report.firstSeq());
        assertEquals(0, checkpoints.prune(retention, timed), "nothing more until another checkpoint ages");

        sql("DELETE FROM audit_checkpoints");
        ChainReport unanchored = timed.verify();
        assertFalse(unanchored.intact(), "removed rows with no checkpoint to vouch for the first kept");
        assertEquals(4L, unanchored.firstBrokenSeq());
    }

    /** The same database again, for a second pool (a second node); H2 in memory is named, PostgreSQL a schema. */
    abstract TestDatabase emptyDatabaseWithoutReset();

    void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
