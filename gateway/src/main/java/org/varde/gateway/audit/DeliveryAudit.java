package org.varde.gateway.audit;

import org.varde.gateway.delivery.Delivery;
import org.varde.gateway.delivery.DeliveryState;

import java.util.function.Consumer;

/**
 * The audit events of the delivery stage: a result written to PACS or RIS is a disclosure
 * (DELIVERY_SENT, with the peer's receipt), a shadow delivery built and kept (DELIVERY_KEPT), one
 * given up (DELIVERY_FAILED, with the error).
 */
public final class DeliveryAudit implements Consumer<Delivery> {
    private final AuditTrail trail;
    private final String node;

    public DeliveryAudit(AuditTrail trail, String node) {
        this.trail = trail;
        this.node = node;
    }

    @Override
    public void accept(Delivery d) {
        AuditEntry entry;
        if (d.state() == DeliveryState.DELIVERED) {
            entry = AuditEntry.of(Actor.system("delivery on " + node), AuditAction.DELIVERY_SENT)
                    .detail("result " + d.resultId() + " v" + d.resultVersion() + " delivered; receipt: " + d.receipt());
        } else if (d.state() == DeliveryState.KEPT) {
            entry = AuditEntry.of(Actor.system("delivery on " + node), AuditAction.DELIVERY_KEPT)
                    .detail("result " + d.resultId() + " v" + d.resultVersion() + " built and kept (shadow), not sent");
        } else if (d.state() == DeliveryState.DEAD_LETTER) {
            entry = AuditEntry.of(Actor.system("delivery on " + node), AuditAction.DELIVERY_FAILED)
                    .outcome(AuditOutcome.FAILURE)
                    .detail("result " + d.resultId() + " v" + d.resultVersion() + " dead-lettered: " + d.lastError());
        } else {
            return;
        }
        trail.record(entry.study(d.studyInstanceUid()).job(d.jobId(), d.algorithmId()).target("sink " + d.sink()));
    }
}
