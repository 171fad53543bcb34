package org.varde.connectors.sink.fhir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ResourceType;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.WorklistPriority;

/** The FHIR output's warm-up: a result bundle of the shape deliveries send, valid, so loading it loads what they need. */
class FhirWarmUpTest {
    @Test
    void warmUpValidatesAResultBundleWithAnUrgentTask() {
        FhirSinkOptions options = new FhirSinkOptions(URI.create("http://warm-up.invalid/fhir"), Optional.empty(),
                "urn:oid:2.999.1", "urn:oid:2.999.2", Duration.ofSeconds(5), Duration.ofSeconds(5));
        Bundle sample = new FhirReportBuilder(options).build(new ReportKey("warm-up", 1), WarmUpResult.positive(),
                WarmUpResult.study(), Optional.of(WorklistPriority.URGENT), Instant.EPOCH);
        List<ResourceType> types = sample.getEntry().stream().map(e -> e.getResource().getResourceType()).toList();
        assertTrue(types.containsAll(List.of(ResourceType.DiagnosticReport,
                ResourceType.Observation, ResourceType.Device, ResourceType.Task)), types.toString());
        assertEquals(List.of(), FhirResourceValidator.shared().errors(sample));
        assertDoesNotThrow(() -> new FhirProtocol().warmUp());
    }
}
