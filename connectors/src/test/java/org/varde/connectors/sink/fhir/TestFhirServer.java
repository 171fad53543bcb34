package org.varde.connectors.sink.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.interceptor.RequestValidatingInterceptor;
import ca.uhn.fhir.validation.ResultSeverityEnum;

/**
 * A real FHIR R4 server on loopback for the sink's tests: HAPI's RestfulServer on Jetty, with HAPI's
 * request-validating interceptor (a request whose body has a validation error is refused 422), a
 * transaction operation with conditional create (ifNoneExist) and conditional update (PUT by
 * identifier) over an in-memory store, and read/search to check what arrived. Faults can be injected:
 * the next requests answer 500, 422, or hang until the test lets them go.
 */
public final class TestFhirServer implements AutoCloseable {
    private final FhirContext context = FhirContext.forR4Cached();
    private final Map<String, Resource> resources = new HashMap<>();   // "Type/id" -> resource
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicReference<BaseServerResponseException> failure = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> hang = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    private final Server jetty;

    public TestFhirServer() throws Exception {
        RestfulServer servlet = new RestfulServer(context);
        servlet.registerProvider(new TransactionProvider());
        servlet.setResourceProviders(List.of(new Store<>(DiagnosticReport.class), new Store<>(Observation.class),
                new Store<>(Device.class), new Store<>(Task.class), new Store<>(ServiceRequest.class)));
        RequestValidatingInterceptor validating = new RequestValidatingInterceptor();
        validating.addValidatorModule(new FhirInstanceValidator(FhirResourceValidator.shared().support()));
        validating.setFailOnSeverity(ResultSeverityEnum.ERROR);
        servlet.registerInterceptor(validating);

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(servlet), "/fhir/*");
        jetty.setHandler(handler);
        jetty.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/fhir";
    }

    public int transactions() {
        return transactions.get();
    }

    /** Transactions the server is holding now ({@link #hang}): what its clients have on the wire. */
    public int held() {
        return held.get();
    }

    public synchronized <T extends Resource> List<T> all(Class<T> type) {
        return resources.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Holds a resource as the RIS put it there (e.g. the order's ServiceRequest), version 1; its id. */
    public synchronized String hold(Resource resource) {
        String id = String.valueOf(nextId.getAndIncrement());
        resource.setId(new IdType(resource.fhirType(), id, "1"));
        resource.getMeta().setVersionId("1");
        resources.put(resource.fhirType() + "/" + id, resource);
        return resource.fhirType() + "/" + id;
    }

    /** The next {@code count} transactions fail with {@code error} (e.g. a 500 or a 422 with an OperationOutcome). */
    public void failNext(int count, BaseServerResponseException error) {
        failure.set(error);
        failNext.set(count);
    }

    /** Transactions wait until the returned latch is counted down. */
    public CountDownLatch hang() {
        CountDownLatch latch = new CountDownLatch(1);
        hang.set(latch);
        return latch;
    }

    public static InternalErrorException serverError(String text) {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.EXCEPTION)
                .setDiagnostics(text);
        return new InternalErrorException(text, oo);
    }

    public static UnprocessableEntityException unprocessable(String text) {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.BUSINESSRULE)
                .setDiagnostics(text);
        return new UnprocessableEntityException(context().newJsonParser().encodeResourceToString(oo), oo);
    }

    private static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    @Override
    public void close() throws Exception {
        CountDownLatch latch = hang.get();
        if (latch != null) {
            latch.countDown();
        }
        jetty.stop();
    }

    public final class TransactionProvider {
        @Transaction
        public Bundle transaction(@TransactionParam Bundle request) throws InterruptedException {
            CountDownLatch latch = hang.get();
            if (latch != null) {
                held.incrementAndGet();
                try {
                    latch.await();
                } finally {
                    held.decrementAndGet();
                }
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw failure.get();
            }
            transactions.incrementAndGet();
            synchronized (TestFhirServer.this) {
                return apply(request);
            }
        }
    }

    private Bundle apply(Bundle request) {
        Map<String, String> assigned = new HashMap<>();   // fullUrl -> Type/id
        List<Resource> written = new ArrayList<>();
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Resource resource = entry.getResource();
            String type = resource.fhirType();
            Bundle.BundleEntryRequestComponent req = entry.getRequest();
            String condition = req.getMethod() == Bundle.HTTPVerb.POST ? req.getIfNoneExist() : query(req.getUrl());
            List<Resource> matches = condition == null ? List.of() : find(type, condition);
            if (matches.size() > 1) {
                // R4 3.1.0.4.3 (conditional update) and 3.1.0.8 (conditional create): several matches, 412
                throw new PreconditionFailedException(matches.size() + " " + type + " resources match " + condition);
            }
            Resource existing = matches.isEmpty() ? null : matches.get(0);
            String status;
            String id;
            String version;
            if (existing != null && req.getMethod() == Bundle.HTTPVerb.POST) {
                id = existing.getIdElement().getIdPart();
                version = versionOf(existing);
                status = "200 OK";
            } else {
                if (existing != null && req.hasIfMatch() && !req.getIfMatch().equals("W/\"" + versionOf(existing) + "\"")) {
                    // R4 3.1.0.5.3: the client read an older version; its update would overwrite a change
                    throw new PreconditionFailedException(type + "/" + existing.getIdElement().getIdPart() + " is at version "
                            + versionOf(existing) + ", the update expected " + req.getIfMatch());
                }
                id = existing != null ? existing.getIdElement().getIdPart() : String.valueOf(nextId.getAndIncrement());
                version = existing != null ? String.valueOf(Integer.parseInt(versionOf(existing)) + 1) : "1";
                resource.setId(new IdType(type, id, version));
                resource.getMeta().setVersionId(version);
                written.add(resource);
                status = existing != null ? "200 OK" : "201 Created";
            }
            assigned.put(entry.getFullUrl(), type + "/" + id);
            response.addEntry().getResponse().setStatus(status).setLocation(type + "/" + id + "/_history/" + version);
        }
        for (Resource resource : written) {
            // R4 3.1.0.11.2: references to a bundle entry's fullUrl become the id the server gave it
            for (Reference ref : context.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                String target = assigned.get(ref.getReference());
                if (target != null) {
                    ref.setReference(target);
                }
            }
            resources.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
        }
        return response;
    }

    private static String query(String url) {
        int q = url == null ? -1 : url.indexOf('?');
        return q < 0 ? null : url.substring(q + 1);
    }

    /** Only {@code identifier=system|value}: what the sink's conditional requests use. */
    private List<Resource> find(String type, String condition) {
        if (!condition.startsWith("identifier=")) {
            throw new UnprocessableEntityException("test server understands only identifier= conditions, got " + condition);
        }
        String[] token = condition.substring("identifier=".length()).split("\\|", 2);
        return resources.values().stream()
                .filter(r -> r.fhirType().equals(type))
                .filter(r -> identifiers(r).stream().anyMatch(i -> token[0].equals(i.getSystem()) && token[1].equals(i.getValue())))
                .toList();
    }

    private static String versionOf(Resource r) {
        return r.getMeta().hasVersionId() ? r.getMeta().getVersionId() : "1";
    }

    private List<Identifier> identifiers(Resource r) {
        return context.newTerser().getValues(r, r.fhirType() + ".identifier", Identifier.class);
    }

    public final class Store<T extends Resource> implements IResourceProvider {
        private final Class<T> type;

        Store(Class<T> type) {
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Read
        public T read(@IdParam IdType id) {
            synchronized (TestFhirServer.this) {
                Resource r = resources.get(type.getSimpleName() + "/" + id.getIdPart());
                if (r == null) {
                    throw new ResourceNotFoundException(id);
                }
                return type.cast(r);
            }
        }

        @Search
        public List<T> search(@OptionalParam(name = "identifier") TokenParam identifier) {
            synchronized (TestFhirServer.this) {
                return all(type).stream().filter(r -> identifier == null || identifiers(r).stream().anyMatch(i ->
                        (identifier.getSystem() == null || identifier.getSystem().equals(i.getSystem()))
                                && identifier.getValue().equals(i.getValue()))).toList();
            }
        }
    }
}
