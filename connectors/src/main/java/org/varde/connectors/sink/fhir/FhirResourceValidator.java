package org.varde.connectors.sink.fhir;

import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * HAPI's instance validator against the R4 core structure definitions, offline (no terminology
 * server). Built once per JVM: loading the definitions takes seconds, validating then takes tens of
 * milliseconds, and the validator is thread-safe. Its module is HAPI's {@code FhirInstanceValidator}
 * that reuses its core validators ({@link ReusingInstanceValidator}): HAPI's own builds one per
 * call, and building one costs about as much as a result bundle's validation itself.
 */
public final class FhirResourceValidator {
    private static volatile FhirResourceValidator shared;

    private final FhirValidator validator;
    private final IValidationSupport support;

    private FhirResourceValidator(FhirContext context) {
        this.support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        this.validator = context.newValidator();
        validator.registerValidatorModule(new ReusingInstanceValidator(support));
    }

    public static FhirResourceValidator shared() {
        FhirResourceValidator v = shared;
        if (v == null) {
            synchronized (FhirResourceValidator.class) {
                v = shared;
                if (v == null) {
                    v = new FhirResourceValidator(FhirContext.forR4Cached());
                    shared = v;
                }
            }
        }
        return v;
    }

    /** The validation support chain, for a test server's request-validating interceptor. */
    public IValidationSupport support() {
        return support;
    }

    /** Every message of severity error or fatal, as {@code location: message}; empty when valid. */
    public List<String> errors(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirResourceValidator::describe)
                .toList();
    }

    /**
     * The same for a resource as it came over the wire (JSON or XML text): unlike a parsed resource,
     * the text still holds what HAPI's lenient parser would drop (unknown elements, wrong types).
     */
    public List<String> errors(String resourceText) {
        return validator.validateWithResult(resourceText).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirResourceValidator::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage m) {
        return m.getLocationString() + ": " + m.getMessage();
    }
}
