package org.varde.connectors.sink.fhir;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;

/**
 * Not a test: how long one result bundle's validation takes, first and warm (skipped in the suite),
 * with Varde's validator ({@link ReusingInstanceValidator}) and with HAPI's stock module on the same
 * support chain, called alternately in one run so that both see the same machine.
 */
@EnabledIfSystemProperty(named = "varde.bench.fhir", matches = "true")
class FhirValidationBench {
    @Test
    void run() {
        FhirSinkOptions options = new FhirSinkOptions(URI.create("http://127.0.0.1:1/fhir"), Optional.empty(),
                "urn:oid:2.16.578.1.12.4.1.4.1", "urn:oid:1.2.3.4.5.6", Duration.ofSeconds(5), Duration.ofSeconds(5));
        FhirReportBuilder builder = new FhirReportBuilder(options);
        FhirResourceValidator varde = FhirResourceValidator.shared();
        FhirValidator stock = FhirContext.forR4Cached().newValidator();
        stock.registerValidatorModule(new FhirInstanceValidator(varde.support()));
        List<Long> reusing = new ArrayList<>();
        List<Long> hapi = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("varde.bench.calls", 60); i++) {
            Bundle b = builder.build(new ReportKey("r-" + i, 1), Results.nodule(9.5, 0.91), Results.study(),
                    Optional.of(WorklistPriority.URGENT), Instant.parse("2026-12-01T10:15:30Z"));
            List<String> errors;
            boolean stockErrors;
            if (i % 2 == 0) { // alternate which goes first: neither always meets the other's garbage
                errors = timed(reusing, () -> varde.errors(b));
                stockErrors = timed(hapi, () -> hasErrors(stock, b));
            } else {
                stockErrors = timed(hapi, () -> hasErrors(stock, b));
                errors = timed(reusing, () -> varde.errors(b));
            }
            if (!errors.isEmpty() || stockErrors) {
                throw new IllegalStateException(errors.toString());
            }
        }
        long reusingP50 = print("varde (reusing)", reusing);
        long hapiP50 = print("hapi stock", hapi);
        System.out.printf("BENCH warm p50 varde/stock %.2f%n", (double) reusingP50 / hapiP50);
    }

    private static <T> T timed(List<Long> micros, java.util.function.Supplier<T> call) {
        long t = System.nanoTime();
        T result = call.get();
        micros.add((System.nanoTime() - t) / 1000);
        return result;
    }

    private static boolean hasErrors(FhirValidator validator, Bundle b) {
        return validator.validateWithResult(b).getMessages().stream()
                .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL);
    }

    private static long print(String name, List<Long> micros) {
        List<Long> warm = new ArrayList<>(micros.subList(20, micros.size()));
        warm.sort(null);
        long p50 = warm.get(warm.size() / 2);
        System.out.printf("BENCH %s validation first %d ms, 2nd %d ms, 3rd %d ms, warm (calls 21-%d) p50 %d us min %d us max %d us%n",
                name, micros.get(0) / 1000, micros.get(1) / 1000, micros.get(2) / 1000, micros.size(), p50,
                warm.get(0), warm.get(warm.size() - 1));
        return p50;
    }
}
