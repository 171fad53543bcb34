package org.varde.connectors.sink.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.HumanReview;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * The reusing module says exactly what HAPI's stock {@link FhirInstanceValidator} says (every
 * message, every severity, its location and text) for Varde's result bundles and for resources
 * that are invalid in the ways a sender gets wrong, the first time, on reused validators, past a
 * validator's retirement, and from several threads at once.
 */
class ReusingInstanceValidatorTest {
    private static final Instant ISSUED = Instant.parse("2026-12-01T10:15:30Z");
    private static final FhirContext R4 = FhirContext.forR4Cached();

    /** Name → expected messages from the stock module, in corpus order. */
    private static final Map<String, List<String>> expected = new LinkedHashMap<>();
    private static final Map<String, Function<FhirValidator, List<String>>> corpus = new LinkedHashMap<>();
    private static IValidationSupport support;

    @BeforeAll
    static void validateTheCorpusWithHapisStockModule() {
        support = FhirResourceValidator.shared().support();
        FhirValidator stock = R4.newValidator();
        stock.registerValidatorModule(new FhirInstanceValidator(support));
        buildCorpus();
        corpus.forEach((name, validation) -> expected.put(name, validation.apply(stock)));
    }

    @AfterAll
    static void forget() {
        expected.clear();
        corpus.clear();
    }

    @Test
    void theCorpusHoldsValidBundlesAndResourcesWithErrors() {
        expected.forEach((name, messages) -> {
            boolean errors = messages.stream().anyMatch(m -> m.startsWith("ERROR") || m.startsWith("FATAL")
                    || m.startsWith("THROWN"));
            assertEquals(name.startsWith("invalid"), errors, name + ": " + messages);
        });
    }

    @Test
    void reusedValidatorsSayWhatFreshOnesSay() {
        int uses = 20;
        ReusingInstanceValidator reusing = new ReusingInstanceValidator(support, uses);
        FhirValidator reused = validatorWith(reusing);
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, Function<FhirValidator, List<String>>> item : corpus.entrySet()) {
                assertEquals(expected.get(item.getKey()), item.getValue().apply(reused), item.getKey() + ", round " + round);
            }
        }
        // one thread: one core validator at a time, a new one only after each retirement
        int validations = 3 * corpus.size();
        assertTrue(validations > 2 * uses, "the test must reach two retirements");
        assertEquals(validations / uses + 1, reusing.built(),
                "validators built for " + validations + " validations");
    }

    @Test
    void severalThreadsAtOnceGetTheSameMessages() throws Exception {
        FhirValidator reused = validatorWith(new ReusingInstanceValidator(support, 20));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> differences = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                differences.add(threads.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    List<String> names = new ArrayList<>(corpus.keySet());
                    for (int i = 0; i < 2 * names.size(); i++) {
                        String name = names.get((i + offset * 3) % names.size());
                        List<String> got = corpus.get(name).apply(reused);
                        if (!got.equals(expected.get(name))) {
                            wrong.add(name + ": " + got + " instead of " + expected.get(name));
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : differences) {
                assertEquals(List.of(), f.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theModulesSettingsReachItsReusedValidators() {
        // a setting HAPI's wrapper passes to each new validator: unknown profiles are errors, or warnings
        String item = "invalid: a profile nobody knows";
        FhirInstanceValidator stockModule = new FhirInstanceValidator(support);
        stockModule.setErrorForUnknownProfiles(false);
        ReusingInstanceValidator reusing = new ReusingInstanceValidator(support);
        reusing.setErrorForUnknownProfiles(false);
        FhirValidator stock = R4.newValidator();
        stock.registerValidatorModule(stockModule);
        List<String> warned = corpus.get(item).apply(stock);
        assertNotEquals(expected.get(item), warned, "the setting changes what HAPI says");
        FhirValidator reused = validatorWith(reusing);
        for (int i = 0; i < 3; i++) {
            assertEquals(warned, corpus.get(item).apply(reused));
        }
    }

    @Test
    void hapiIsTheVersionItsWrapperWasReadFrom() throws Exception {
        // ReusingInstanceValidator repeats ValidatorWrapper of these versions: on an upgrade, read it again
        assertEquals("8.8.1", ca.uhn.fhir.util.VersionUtil.getVersion());
        java.util.Properties core = new java.util.Properties();
        try (var in = org.hl7.fhir.validation.instance.InstanceValidator.class.getResourceAsStream(
                "/META-INF/maven/ca.uhn.hapi.fhir/org.hl7.fhir.validation/pom.properties")) {
            core.load(in);
        }
        assertEquals("6.7.9", core.getProperty("version"));
    }

    private static FhirValidator validatorWith(ReusingInstanceValidator module) {
        FhirValidator validator = R4.newValidator();
        validator.registerValidatorModule(module);
        return validator;
    }

    private static List<String> messages(FhirValidator validator, Resource resource) {
        return describe(validator.validateWithResult(resource).getMessages());
    }

    private static List<String> messages(FhirValidator validator, String text) {
        try {
            return describe(validator.validateWithResult(text).getMessages());
        } catch (RuntimeException e) {
            return List.of("THROWN " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static List<String> describe(List<SingleValidationMessage> messages) {
        return messages.stream()
                .map(m -> severity(m.getSeverity()) + " " + m.getLocationString() + " (" + m.getLocationLine() + ":"
                        + m.getLocationCol() + ") " + m.getMessageId() + ": " + m.getMessage())
                .sorted().toList();
    }

    private static String severity(ResultSeverityEnum s) {
        return s == null ? "NONE" : s.name();
    }

    private static void resource(String name, java.util.function.Supplier<Resource> resource) {
        corpus.put(name, v -> messages(v, resource.get()));
    }

    private static void text(String name, String text) {
        corpus.put(name, v -> messages(v, text));
    }

    private static void buildCorpus() {
        FhirSinkOptions options = new FhirSinkOptions(URI.create("http://127.0.0.1:1/fhir"), Optional.empty(),
                "urn:oid:2.16.578.1.12.4.1.4.1", "urn:oid:1.2.3.4.5.6", Duration.ofSeconds(5), Duration.ofSeconds(5));
        FhirReportBuilder builder = new FhirReportBuilder(options);
        resource("valid: nodule, urgent Task", () -> builder.build(new ReportKey("r-1", 1), Results.nodule(9.5, 0.91),
                Results.study(), Optional.of(WorklistPriority.URGENT), ISSUED));
        resource("valid: negative, no Task", () -> builder.build(new ReportKey("r-2", 1), Results.negative(),
                Results.study(), Optional.empty(), ISSUED));
        resource("valid: approved by a reviewer", () -> builder.build(new ReportKey("r-3", 1), Results.nodule(12, 0.7),
                Results.study(), Optional.of(WorklistPriority.URGENT), ISSUED,
                HumanReview.approved("Ingrid Berg", "Varde University Hospital", ISSUED.plusSeconds(600))));
        resource("valid: released without review", () -> builder.build(new ReportKey("r-4", 1), Results.nodule(9.5, 0.91),
                Results.study(), Optional.empty(), ISSUED, HumanReview.releasedOnTimeout(ISSUED, Duration.ofMinutes(30))));
        resource("valid: the warm-up bundle", () -> builder.build(new ReportKey("warm-up", 1), WarmUpResult.positive(),
                WarmUpResult.study(), Optional.of(WorklistPriority.URGENT), Instant.EPOCH));
        text("valid: RIS feedback Observation",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"urn:varde:feedback\","
                        + "\"code\":\"assessment\"}]},\"focus\":[{\"type\":\"DiagnosticReport\",\"identifier\":"
                        + "{\"system\":\"urn:varde:result\",\"value\":\"0b5c2a8e.2\"}}],\"valueCodeableConcept\":{\"coding\":"
                        + "[{\"system\":\"urn:varde:feedback\",\"code\":\"agree\"}]}}");

        resource("invalid: Observation without status or code in a result bundle", () -> {
            Bundle b = builder.build(new ReportKey("r-5", 1), Results.nodule(9.5, 0.91), Results.study(),
                    Optional.of(WorklistPriority.URGENT), ISSUED);
            Observation o = first(b, Observation.class);
            o.setStatus(null);
            o.setCode(null);
            return b;
        });
        resource("invalid: a local reference to nothing contained, a subject of the wrong type", () -> {
            Bundle b = builder.build(new ReportKey("r-6", 1), Results.nodule(9.5, 0.91), Results.study(),
                    Optional.of(WorklistPriority.URGENT), ISSUED);
            first(b, DiagnosticReport.class).setSubject(new Reference("Medication/1"));
            first(b, Task.class).setFocus(new Reference("#nowhere"));
            return b;
        });
        text("invalid: unknown element and a wrong type (JSON)",
                "{\"resourceType\":\"Observation\",\"colour\":\"red\",\"status\":\"final\",\"code\":{\"text\":\"size\"},"
                        + "\"valueQuantity\":{\"value\":\"nine\"}}");
        text("invalid: a code outside its required value set",
                "{\"resourceType\":\"Observation\",\"status\":\"bogus\",\"code\":{\"text\":\"size\"}}");
        text("invalid: a coding of the wrong system and an unknown code, required bindings",
                "{\"resourceType\":\"AllergyIntolerance\",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://example.org/cs\","
                        + "\"code\":\"active\"}]},\"verificationStatus\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification\",\"code\":\"bogus\"}]},"
                        + "\"patient\":{\"reference\":\"Patient/1\"}}");
        text("invalid: a contained patient named in the narrative, status missing",
                "{\"resourceType\":\"Observation\",\"text\":{\"status\":\"generated\",\"div\":"
                        + "\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><a href=\\\"#p1\\\">patient</a></div>\"},"
                        + "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"robot\"}],"
                        + "\"code\":{\"text\":\"size\"},\"subject\":{\"reference\":\"#p1\"}}");
        text("invalid: a profile it does not meet (vital signs)",
                "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"http://hl7.org/fhir/StructureDefinition/vitalsigns\"]},"
                        + "\"status\":\"final\",\"code\":{\"text\":\"size\"}}");
        text("invalid: a profile nobody knows",
                "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"http://example.org/StructureDefinition/nothing\"]},"
                        + "\"status\":\"final\",\"code\":{\"text\":\"size\"}}");
        text("invalid: XML with an unknown element and a wrong code",
                "<Patient xmlns=\"http://hl7.org/fhir\"><colour value=\"red\"/><gender value=\"robot\"/></Patient>");
        text("invalid: XML that is not XML", "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"male\"></Patient>");
        text("invalid: JSON that is not JSON", "{\"resourceType\":\"Observation\",\"status\":");
    }

    private static <T extends Resource> T first(Bundle b, Class<T> type) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).findFirst().orElseThrow();
    }
}
