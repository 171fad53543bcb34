package org.varde.gateway.metrics;

import org.junit.jupiter.api.Test;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.AssociationInfo;
import org.varde.dicom.net.RejectReason;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayMetricsTest {
    private final GatewayMetrics metrics = new GatewayMetrics(CallerLabels.fromConfig(List.of("CT01", "PACS@10.0.0.12")));

    @Test
    void associationsAreCountedByCallingAeAndRejectsByReason() {
        AssociationInfo ct = new AssociationInfo("CT01", "VARDE", "127.0.0.1", 5000, 1);
        metrics.accepted(ct);
        metrics.accepted(new AssociationInfo("CT01", "VARDE", "127.0.0.1", 5001, 2));
        metrics.ended(ct, true);
        metrics.rejected("STRANGER", "127.0.0.1", RejectReason.CALLING_AE_NOT_RECOGNIZED);

        String text = metrics.scrape();
        assertEquals(1, metrics.activeAssociations());
        assertTrue(text.contains("varde_dicom_associations_active 1.0"), text);
        assertTrue(text.contains("varde_dicom_associations_total{calling_ae=\"CT01\"} 2.0"), text);
        assertTrue(text.contains("varde_dicom_associations_rejected_total{reason=\"CALLING_AE_NOT_RECOGNIZED\"} 1.0"), text);
    }

    @Test
    void storedInstancesFeedCountersAndTheLatencyHistogram() {
        metrics.instanceStored("CT01", 1000, 5_000_000);
        metrics.instanceStored("CT01", 500, 7_000_000);
        metrics.instanceRefused(Status.CANNOT_UNDERSTAND);

        String text = metrics.scrape();
        assertTrue(text.contains("varde_ingest_instances_total{calling_ae=\"CT01\"} 2.0"), text);
        assertTrue(text.contains("varde_ingest_bytes_total 1500.0"), text);
        assertTrue(text.contains("varde_ingest_store_latency_seconds_count 2"), text);
        assertTrue(text.contains("varde_ingest_store_latency_seconds_bucket{le=\"+Inf\"} 2"), text);
        assertTrue(text.contains("varde_ingest_refused_total{status=\"C000\"} 1.0"), text);
    }

    @Test
    void callersNotInTheConfigAreCountedAsOtherWhateverTheySend() {
        // a peer choosing a new calling AE title per association, some built to break the exposition
        for (int i = 0; i < 500; i++) {
            metrics.accepted(new AssociationInfo("SCAN" + i, "VARDE", "10.0.0.9", 6000 + i, i));
            metrics.instanceStored("SCAN" + i, 10, 1_000_000);
        }
        metrics.accepted(new AssociationInfo("X\"} 1\n# EVIL", "VARDE", "10.0.0.9", 7000, 1000));
        metrics.accepted(new AssociationInfo("PACS", "VARDE", "10.0.0.12", 7001, 1001));

        String text = metrics.scrape();
        assertTrue(text.contains("varde_dicom_associations_total{calling_ae=\"other\"} 501.0"), text);
        assertTrue(text.contains("varde_dicom_associations_total{calling_ae=\"PACS\"} 1.0"), text);
        assertTrue(text.contains("varde_ingest_instances_total{calling_ae=\"other\"} 500.0"), text);
        assertFalse(text.contains("SCAN"), text);
        assertFalse(text.contains("EVIL"), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("varde_dicom_associations_total{")).count(), text);
    }
}
