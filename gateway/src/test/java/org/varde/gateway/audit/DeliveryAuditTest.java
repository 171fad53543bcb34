package org.varde.gateway.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.delivery.DeliveryMode;
import org.varde.gateway.delivery.DeliveryStore;
import org.varde.gateway.delivery.NewDelivery;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delivery's end is an audit event, from the delivery store's own moves: written to the sink
 * (a disclosure, with the receipt), kept by a shadow route, dead-lettered; a retryable failure with
 * attempts left is not an event. The chain stays intact.
 */
class DeliveryAuditTest {
    private final Pools pools = new Pools("delivery-audit");

    @AfterEach
    void close() {
        pools.close();
    }

    @Test
    void deliveredKeptAndDeadLetteredDeliveriesAreAudited() throws Exception {
        DataSource db = pools.open(TestDatabase.h2("delivery-audit"));
        AuditLog log = new AuditLog(db, Clock.systemUTC(), "node-a", null);
        DeliveryStore store = new DeliveryStore(db, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                Clock.systemUTC()).onFinished(new DeliveryAudit(log, "node-a"));
        String pacs = store.create(new NewDelivery("r1", 1, "job-1", "1.2.3", "lung-nodules", "pacs",
                DeliveryMode.CLINICAL, Optional.empty(), 3)).id();
        String fhir = store.create(new NewDelivery("r1", 1, "job-1", "1.2.3", "lung-nodules", "fhir",
                DeliveryMode.SHADOW, Optional.empty(), 3)).id();
        String hl7 = store.create(new NewDelivery("r1", 1, "job-1", "1.2.3", "lung-nodules", "hl7",
                DeliveryMode.CLINICAL, Optional.empty(), 2)).id();
        Instant later = Instant.now().plusSeconds(5);
        store.claim("pacs", "node-a", Duration.ofSeconds(30), 1, later);
        store.delivered(pacs, "node-a", "SOP 1.2.3.4 stored");
        store.claim("fhir", "node-a", Duration.ofSeconds(30), 1, later);
        store.kept(fhir, "node-a");
        store.claim("hl7", "node-a", Duration.ofSeconds(30), 1, later);
        store.failed(hl7, "node-a", "MSA AE", true);
        assertEquals(0, log.between(null, null, 10).stream()
                .filter(e -> e.entry().action() == AuditAction.DELIVERY_FAILED).count(), "attempts left: no event yet");
        store.claim("hl7", "node-a", Duration.ofSeconds(30), 1, Instant.now().plusSeconds(60));
        store.failed(hl7, "node-a", "MSA AR", true);

        List<AuditEvent> events = log.between(null, null, 10);
        assertEquals(List.of(AuditAction.DELIVERY_SENT, AuditAction.DELIVERY_KEPT, AuditAction.DELIVERY_FAILED),
                events.stream().map(e -> e.entry().action()).toList());
        assertEquals("sink pacs", events.get(0).entry().target());
        assertTrue(events.get(0).entry().detail().contains("SOP 1.2.3.4 stored"), events.get(0).entry().detail());
        assertEquals("job-1", events.get(0).entry().jobId());
        assertEquals("1.2.3", events.get(0).entry().studyInstanceUid());
        assertEquals(AuditOutcome.FAILURE, events.get(2).entry().outcome());
        assertTrue(events.get(2).entry().detail().contains("MSA AR"), events.get(2).entry().detail());
        assertTrue(log.verify().intact());
    }
}
