package org.varde.connectors.sink.fhir;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.io.input.ReaderInputStream;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.utilities.OIDUtilities;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.util.XmlUtil;
import ca.uhn.fhir.validation.IValidationContext;

/**
 * HAPI's {@link FhirInstanceValidator}, validating with a few long-lived core
 * {@link InstanceValidator}s instead of a new one per call.
 *
 * <p>Why: HAPI 8.8.1's {@code ValidatorWrapper} builds a new {@code InstanceValidator} for every
 * validation, and its constructor parses the 1.5 MB OID registry ({@code new OIDUtilities()}, no
 * static cache in core 6.7.9): about half of a warm result bundle's validation here
 * (docs/performance.md). {@link #validate(IValidationContext)} does what {@code ValidatorWrapper}
 * does (same construction, same settings, same profile lookup, same message filters), on a
 * borrowed validator, which also keeps its warm caches (children of each definition, types).
 *
 * <p>Thread safety: an {@code InstanceValidator} is not thread-safe; each is used by one
 * validation at a time (taken from the idle queue, or built when none is idle) and put back after;
 * one whose validation threw is dropped. They share the worker context, as HAPI's per-call
 * validators do, and one OID registry, which is only read once built.
 *
 * <p>Memory: what a validator would keep from one validation to the next is cleared
 * ({@link ResettableInstanceValidator}); each is retired after {@link #USES_PER_VALIDATOR}
 * validations for whatever is left, and at most {@link #IDLE_VALIDATORS} are kept: measured 7 MiB
 * live after GC beyond HAPI's own (5 MiB of it the one shared registry).
 * {@code ReusingInstanceValidatorTest} proves the messages (every severity, location and text) are
 * those of HAPI's stock module, for valid and invalid resources, reused and concurrently.
 */
public final class ReusingInstanceValidator extends FhirInstanceValidator {
    /** Validations per core validator before it is dropped: bounds what it may still keep (above). */
    static final int USES_PER_VALIDATOR = 256;
    /** Idle core validators kept: as many as validations usually run at once here (the FHIR lane's 4). */
    static final int IDLE_VALIDATORS = 4;

    private final BlockingQueue<ResettableInstanceValidator> idle = new ArrayBlockingQueue<>(IDLE_VALIDATORS);
    private final AtomicInteger built = new AtomicInteger();
    /** The OID registry of the first core validator built, given to the later ones (guarded by this). */
    private OIDUtilities oids;

    private final int usesPerValidator;

    public ReusingInstanceValidator(IValidationSupport support) {
        this(support, USES_PER_VALIDATOR);
    }

    /** For tests: retirement after fewer validations. */
    ReusingInstanceValidator(IValidationSupport support, int usesPerValidator) {
        super(support);
        this.usesPerValidator = usesPerValidator;
    }

    /** Core validators built so far (for tests: reuse is what this class is for). */
    int built() {
        return built.get();
    }

    /** {@code ValidatorWrapper.validate} of HAPI 8.8.1, on a borrowed validator. */
    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> validationContext) {
        IWorkerContext worker = provideWorkerContext();
        ResettableInstanceValidator validator = borrow(worker);
        // if this throws, the validator is dropped: its state after a failure is not known
        List<ValidationMessage> messages = validate(worker, validator, validationContext);
        giveBack(validator);
        return messages;
    }

    private ResettableInstanceValidator borrow(IWorkerContext worker) {
        ResettableInstanceValidator validator = idle.poll();
        while (validator != null && !validator.builtOn(worker)) {
            validator = idle.poll(); // the validation support was replaced (setValidationSupport)
        }
        if (validator == null) {
            validator = new ResettableInstanceValidator(worker, Objects.requireNonNullElseGet(getHostApplicationServices(),
                    FhirInstanceValidator.NullEvaluationContext::new));
            validator.useOids(sharedOids(validator));
            built.incrementAndGet();
        }
        configure(validator);
        return validator;
    }

    private synchronized OIDUtilities sharedOids(ResettableInstanceValidator first) {
        if (oids == null) {
            oids = first.oids();
        }
        return oids;
    }

    private void giveBack(ResettableInstanceValidator validator) {
        validator.forgetLastValidation();
        if (++validator.uses < usesPerValidator) {
            idle.offer(validator); // dropped when the queue is full
        }
    }

    /** The settings {@code ValidatorWrapper} gives each new validator, given again at each use. */
    private void configure(InstanceValidator v) {
        v.setAssumeValidRestReferences(isAssumeValidRestReferences());
        v.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        v.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        v.setResourceIdRule(IdStatus.OPTIONAL);
        v.setNoTerminologyChecks(isNoTerminologyChecks());
        v.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        // HAPI: fixed, it interacts with UnknownCodeSystemWarningValidationSupport
        v.setUnknownCodeSystemsCauseErrors(true);
        v.getExtensionDomains().clear();
        v.getExtensionDomains().addAll(getExtensionDomains());
        v.setFetcher(getValidatorResourceFetcher());
        v.setPolicyAdvisor(getValidatorPolicyAdvisor());
        v.setNoExtensibleWarnings(isNoExtensibleWarnings());
        v.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        v.setAllowExamples(isAllowExamples());
        v.setAllowXsiLocation(true);
    }

    private List<ValidationMessage> validate(IWorkerContext worker, InstanceValidator v, IValidationContext<?> ctx) {
        List<ValidationMessage> messages = new ArrayList<>();
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        for (String url : ctx.getOptions().getProfiles()) {
            addProfile(worker, profiles, url, unknownProfiles);
        }
        String input = ctx.getResourceAsString();
        EncodingEnum encoding = ctx.getResourceAsStringEncoding();
        if (encoding == EncodingEnum.XML) {
            Document document;
            try {
                document = XmlUtil.parseDocument(input);
            } catch (Exception e) {
                messages.add(new ValidationMessage().setLevel(IssueSeverity.FATAL)
                        .setMessage("Failed to parse input, it does not appear to be valid XML:" + e.getMessage()));
                return messages;
            }
            for (String url : xmlProfiles(document)) {
                addProfile(worker, profiles, url, unknownProfiles);
            }
            v.validate(null, messages, utf8(input), FhirFormat.XML, profiles);
        } else if (encoding == EncodingEnum.JSON) {
            for (String url : jsonProfiles(input)) {
                addProfile(worker, profiles, url, unknownProfiles);
            }
            v.validate(ctx.getOptions().getAppContext(), messages, utf8(input), FhirFormat.JSON, profiles);
        } else {
            throw new IllegalArgumentException("Unknown encoding: " + encoding);
        }
        if (profiles.isEmpty() && !unknownProfiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        messages.removeIf(ReusingInstanceValidator::suppressedByHapi);
        for (ValidationMessage m : messages) {
            if ("Validation_VAL_Profile_Unknown".equals(m.getMessageId())
                    || "VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY".equals(m.getMessageId())) {
                m.setLevel(isErrorForUnknownProfiles() ? IssueSeverity.ERROR : IssueSeverity.WARNING);
            }
        }
        return messages;
    }

    /** The messages {@code ValidatorWrapper} drops: a binding without a source, the mimetypes value set. */
    private static boolean suppressedByHapi(ValidationMessage m) {
        String id = m.getMessageId();
        return id != null && (id.equals("Terminology_TX_Binding_NoSource")
                || (id.equals("Terminology_TX_ValueSet_NotFound") && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
    }

    private static void addProfile(IWorkerContext worker, List<StructureDefinition> profiles, String url,
            List<ValidationMessage> unknown) {
        try {
            StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
            if (profile != null) {
                profiles.add(profile);
            } else {
                unknown.add(new ValidationMessage().setMessageId("Validation_VAL_Profile_Unknown")
                        .setLevel(IssueSeverity.ERROR).setMessage("Invalid profile. Failed to retrieve profile with url=" + url));
            }
        } catch (FHIRException e) {
            // as HAPI: a profile that cannot be loaded is left out
        }
    }

    private static List<String> jsonProfiles(String input) {
        List<String> urls = new ArrayList<>();
        JsonObject meta = new GsonBuilder().create().fromJson(input, JsonObject.class).getAsJsonObject("meta");
        JsonElement profile = meta == null ? null : meta.get("profile");
        if (profile != null && profile.isJsonArray()) {
            profile.getAsJsonArray().forEach(e -> urls.add(e.getAsString()));
        }
        return urls;
    }

    /** As HAPI: the first attribute of each {@code meta/profile} of the root element. */
    private static List<String> xmlProfiles(Document document) {
        List<String> urls = new ArrayList<>();
        NodeList children = document.getChildNodes().item(0).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equalsIgnoreCase("meta")) {
                NodeList meta = children.item(i).getChildNodes();
                for (int j = 0; j < meta.getLength(); j++) {
                    Node n = meta.item(j);
                    if (n.getNodeName().equalsIgnoreCase("profile")) {
                        urls.add(n.getAttributes().item(0).getNodeValue());
                    }
                }
                break;
            }
        }
        return urls;
    }

    private static InputStream utf8(String input) {
        try {
            return ReaderInputStream.builder().setCharset(StandardCharsets.UTF_8).setReader(new StringReader(input)).get();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read the resource text", e);
        }
    }
}
