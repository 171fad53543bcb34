package org.varde.connectors.sink.fhir;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;

/** Not a test: how long one result bundle's validation takes, first and warm (skipped in the suite). */
@EnabledIfSystemProperty(named = "varde.bench.fhir", matches = "true")
class FhirValidationBench {
    @Test
    void run() {
        FhirSinkOptions options = new FhirSinkOptions(URI.create("http://127.0.0.1:1/fhir"), Optional.empty(),
                "urn:oid:2.16.578.1.12.4.1.4.1", "urn:oid:1.2.3.4.5.6", Duration.ofSeconds(5), Duration.ofSeconds(5));
        FhirReportBuilder builder = new FhirReportBuilder(options);
        FhirResourceValidator validator = FhirResourceValidator.shared();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("varde.bench.calls", 60); i++) {
            Bundle b = builder.build(new ReportKey("r-" + i, 1), Results.nodule(9.5, 0.91), Results.study(),
                    Optional.of(WorklistPriority.URGENT), Instant.parse("2026-12-01T10:15:30Z"));
            long t = System.nanoTime();
            List<String> errors = validator.errors(b);
            micros.add((System.nanoTime() - t) / 1000);
            if (!errors.isEmpty()) {
                throw new IllegalStateException(errors.toString());
            }
        }
        List<Long> warm = new ArrayList<>(micros.subList(20, micros.size()));
        warm.sort(null);
        System.out.printf("BENCH validation first %d ms, 2nd %d ms, 3rd %d ms, warm (calls 21-60) p50 %d ms min %d ms max %d ms%n",
                micros.get(0) / 1000, micros.get(1) / 1000, micros.get(2) / 1000, warm.get(warm.size() / 2) / 1000,
                warm.get(0) / 1000, warm.get(warm.size() - 1) / 1000);
    }
}
