package org.varde.connectors.sink.fhir;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.sink.SinkFailure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * Sends result bundles to one FHIR server. Blocking (HAPI's client is): call it from a worker thread.
 * A bundle that fails validation is never sent.
 */
public final class FhirSink {
    private static final Logger LOG = LoggerFactory.getLogger(FhirSink.class);
    private static final int EXCERPT = 300;

    private final FhirSinkOptions options;
    private final IGenericClient client;
    private final FhirResourceValidator validator;
    /**
     * Conditional creates of the same Device from two transactions at once may both create it (FHIR R4
     * 3.1.0.8: servers need not serialise them), and every later conditional create then fails with
     * "multiple matches". The first transaction naming a device goes alone; once the server holds the
     * device, sends run in parallel.
     */
    private final Set<String> devicesHeld = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Object> deviceLocks = new ConcurrentHashMap<>();

    public FhirSink(FhirSinkOptions options) {
        this.options = options;
        this.validator = FhirResourceValidator.shared();
        // a context per sink: the client factory's timeouts are the context's, and sinks differ
        FhirContext context = FhirContext.forR4();
        IRestfulClientFactory factory = context.getRestfulClientFactory();
        factory.setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()));
        factory.setConnectionRequestTimeout(Math.toIntExact(options.connectTimeout().toMillis()));
        factory.setSocketTimeout(Math.toIntExact(options.requestTimeout().toMillis()));
        // no /metadata round trip before every first call: the server's answer to the transaction says enough
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        this.client = context.newRestfulGenericClient(options.baseUrl().toString());
        options.bearerToken().ifPresent(token -> client.registerInterceptor(new BearerTokenAuthInterceptor(token)));
    }

    /** Validation errors of a bundle, empty when it may be sent. */
    public List<String> validate(Bundle bundle) {
        return validator.errors(bundle);
    }

    /**
     * Validates, then sends the transaction.
     *
     * @return the server's transaction-response bundle
     */
    public Bundle send(Bundle bundle) throws SinkFailure {
        List<String> errors = validate(bundle);
        if (!errors.isEmpty()) {
            throw new SinkFailure(SinkFailure.Kind.INVALID, "bundle fails FHIR R4 validation, not sent: "
                    + SinkFailure.excerpt(String.join("; ", errors), 1000));
        }
        return transaction(bundle);
    }

    /**
     * Sends a bundle that passed {@link #validate} as it is (the caller built and validated it and has
     * not changed it since): validation is the costly part of a delivery, done once per built bundle.
     *
     * @param deviceKey the identifier of the Device the bundle creates conditionally
     */
    Bundle sendValidated(Bundle bundle, String deviceKey) throws SinkFailure {
        if (devicesHeld.contains(deviceKey)) {
            return transaction(bundle);
        }
        synchronized (deviceLocks.computeIfAbsent(deviceKey, k -> new Object())) {
            Bundle response = transaction(bundle);
            devicesHeld.add(deviceKey);
            return response;
        }
    }

    /**
     * The ServiceRequests the server holds under an accession number (FHIR R4 search by token
     * {@code identifier=system|value}): the RIS's order, for its priority or to update it.
     */
    List<ServiceRequest> serviceRequests(String accessionSystem, String accessionNumber) throws SinkFailure {
        try {
            Bundle found = client.search().forResource(ServiceRequest.class)
                    .where(ServiceRequest.IDENTIFIER.exactly().systemAndCode(accessionSystem, accessionNumber))
                    .returnBundle(Bundle.class).execute();
            return found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast).toList();
        } catch (FhirClientConnectionException e) {
            throw connectionFailure(e);
        } catch (BaseServerResponseException e) {
            throw refused(e);
        }
    }

    private Bundle transaction(Bundle bundle) throws SinkFailure {
        try {
            return client.transaction().withBundle(bundle).execute();
        } catch (FhirClientConnectionException e) {
            // a subclass of BaseServerResponseException: caught first, it has no HTTP answer
            throw connectionFailure(e);
        } catch (BaseServerResponseException e) {
            throw refused(e);
        }
    }

    private SinkFailure refused(BaseServerResponseException e) {
        int status = e.getStatusCode();
        // RFC 9110: 408 and 429 say "later", every 5xx is the server's own trouble; other 4xx will not change.
        // 412 answers an If-Match on a version the RIS has moved past (R4 3.1.0.5.3): the retry reads it afresh
        // (several orders under one accession number are refused before anything is sent)
        boolean transient_ = status >= 500 || status == 408 || status == 429 || status == 412;
        String words = outcomeText(e.getOperationOutcome());
        if (words.isEmpty()) {
            words = SinkFailure.excerpt(e.getResponseBody() != null ? e.getResponseBody() : e.getMessage(), EXCERPT);
        }
        String message = "FHIR server " + options.baseUrl() + " answered HTTP " + status + ": " + words;
        LOG.warn("fhir delivery refused: {}", message);
        return new SinkFailure(transient_ ? SinkFailure.Kind.REFUSED_TRANSIENT : SinkFailure.Kind.REFUSED, message, e);
    }

    private SinkFailure connectionFailure(FhirClientConnectionException e) {
        String text = String.valueOf(e.getMessage()) + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
        boolean timeout = text.contains("timed out") || text.contains("Timeout");
        SinkFailure.Kind kind = timeout ? SinkFailure.Kind.TIMEOUT : SinkFailure.Kind.UNREACHABLE;
        String message = "FHIR server " + options.baseUrl() + (timeout ? " did not answer in time: " : " unreachable: ")
                + SinkFailure.excerpt(text, EXCERPT);
        LOG.warn("fhir delivery failed: {}", message);
        return new SinkFailure(kind, message, e);
    }

    private static String outcomeText(IBaseOperationOutcome outcome) {
        if (!(outcome instanceof OperationOutcome oo)) {
            return "";
        }
        return SinkFailure.excerpt(String.join("; ", oo.getIssue().stream()
                .map(i -> i.getSeverity() + " " + (i.hasDiagnostics() ? i.getDiagnostics() : i.getDetails().getText()))
                .toList()), EXCERPT);
    }
}
