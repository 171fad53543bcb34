package org.varde.testdata.sandbox.ris;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A RIS's FHIR R4 endpoint, as small as Varde's FHIR sink needs: {@code POST [base]} with a
 * transaction Bundle (R4 3.1.0.11.2), each entry applied in order over an in-memory store, answered by
 * a transaction-response Bundle with one entry per request (status and location). Conditional
 * creates ({@code ifNoneExist}) and conditional updates ({@code PUT Type?identifier=system|value})
 * find what an earlier transaction wrote, so a second report for the same study updates its Task
 * rather than adding one. Anything else (another method, another Bundle type, a body that is no FHIR)
 * is answered 4xx with an OperationOutcome, and nothing of it is kept. Runs on the Vert.x it is
 * given, parsing on a worker; listens on loopback only.
 */
public final class SandboxFhirRis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxFhirRis.class);
    /** Varde's bundles are a few kilobytes; a RIS sets some limit, and this one says which. */
    static final int MAX_BODY = 4 * 1024 * 1024;
    static final String BASE = "/fhir";

    private final Vertx vertx;
    private final FhirContext context = FhirContext.forR4Cached();
    /** "Type/id" → the resource as last written. */
    private final Map<String, Resource> store = new HashMap<>();
    private final List<RisReceipt> tasks = new CopyOnWriteArrayList<>();
    private int nextId = 1;
    private HttpServer server;

    public SandboxFhirRis(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free one); the port it listens on. */
    public Future<Integer> listen(int port) {
        server = vertx.createHttpServer();
        return server.requestHandler(this::handle).listen(port, "127.0.0.1").map(HttpServer::actualPort);
    }

    /** The base URL a {@code fhir} output names: {@code http://127.0.0.1:port/fhir}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + BASE;
    }

    /** Every Task written or updated, in the order taken: its order's accession number and priority. */
    public List<RisReceipt> tasks() {
        return List.copyOf(tasks);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.startsWith(BASE + "/")) {
            String[] parts = path.substring(BASE.length() + 1).split("/", -1);
            if (parts.length == 1 && parts[0].matches("[A-Z][A-Za-z]{1,63}")) {
                Answer found = search(parts[0], request.getParam("identifier"));
                answer(request, found.status(), found.resource());
            } else if (parts.length == 2 && parts[0].matches("[A-Z][A-Za-z]{1,63}") && parts[1].matches("[0-9]{1,9}")) {
                read(request, parts[0] + "/" + parts[1]);
            } else {
                answer(request, 400, outcome(OperationOutcome.IssueType.NOTSUPPORTED, "GET " + BASE
                        + "/Type?identifier=system|value or " + BASE + "/Type/id only"));
            }
            return;
        }
        if (request.method() != HttpMethod.POST || !(path.equals(BASE) || path.equals(BASE + "/"))) {
            answer(request, 405, outcome(OperationOutcome.IssueType.NOTSUPPORTED,
                    "this sandbox RIS takes transaction Bundles (POST " + BASE + "), searches by identifier and reads"));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && !length.matches("\\d{1,9}") || length != null && Integer.parseInt(length) > MAX_BODY) {
            answer(request, 413, outcome(OperationOutcome.IssueType.TOOLONG, "a body of at most " + MAX_BODY + " bytes"));
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                request.pause();
                answer(request, 413, outcome(OperationOutcome.IssueType.TOOLONG, "a body of at most " + MAX_BODY + " bytes"));
                request.connection().close();
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (request.response().ended()) {
                return;
            }
            EncodingEnum encoding = encoding(request);
            vertx.executeBlocking(() -> transaction(encoding, body.toString(StandardCharsets.UTF_8)), false)
                    .onSuccess(response -> answer(request, response.status(), response.resource()))
                    .onFailure(e -> answer(request, 500, outcome(OperationOutcome.IssueType.EXCEPTION, e.toString())));
        });
    }

    private record Answer(int status, Resource resource) {
    }

    /**
     * R4 3.1.0.10 search by token, {@code identifier=system|value} only (what the sink asks about an
     * order): a searchset Bundle of the matches, none when no such order was ever written here.
     */
    private Answer search(String type, String identifier) {
        if (identifier == null || !identifier.matches("[^|&]+\\|[^|&]+")) {
            return new Answer(400, outcome(OperationOutcome.IssueType.NOTSUPPORTED, "search by identifier=system|value only"));
        }
        Bundle found = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        synchronized (store) {
            Resource match = find(type, "identifier=" + identifier);
            if (match != null) {
                found.addEntry().setResource(match).setFullUrl(match.fhirType() + "/" + match.getIdElement().getIdPart());
            }
        }
        return new Answer(200, found.setTotal(found.getEntry().size()));
    }

    private void read(HttpServerRequest request, String key) {
        Resource resource;
        synchronized (store) {
            resource = store.get(key);
        }
        if (resource == null) {
            answer(request, 404, outcome(OperationOutcome.IssueType.NOTFOUND, key + " is not known here"));
        } else {
            answer(request, 200, resource);
        }
    }

    private Answer transaction(EncodingEnum encoding, String text) {
        Bundle request;
        try {
            request = encoding.newParser(context).parseResource(Bundle.class, text);
        } catch (DataFormatException | ClassCastException e) {
            return new Answer(400, outcome(OperationOutcome.IssueType.STRUCTURE, "not a FHIR R4 Bundle: " + e.getMessage()));
        }
        if (request.getType() != Bundle.BundleType.TRANSACTION) {
            return new Answer(400, outcome(OperationOutcome.IssueType.INVALID,
                    "Bundle.type must be transaction, was " + request.getType()));
        }
        synchronized (store) {
            for (Bundle.BundleEntryComponent entry : request.getEntry()) {
                String refused = refusal(entry);
                if (refused != null) {
                    // R4 3.1.0.11.2: a transaction succeeds or fails as a whole; nothing is kept
                    return new Answer(400, outcome(OperationOutcome.IssueType.INVALID, refused));
                }
            }
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (Bundle.BundleEntryComponent entry : request.getEntry()) {
                response.addEntry().setResponse(apply(entry));
            }
            LOG.info("sandbox RIS (FHIR): transaction of {} entries applied", request.getEntry().size());
            return new Answer(200, response);
        }
    }

    private static String refusal(Bundle.BundleEntryComponent entry) {
        Bundle.HTTPVerb method = entry.getRequest().getMethod();
        if (!entry.hasResource() || (method != Bundle.HTTPVerb.POST && method != Bundle.HTTPVerb.PUT)) {
            return "each entry must POST or PUT a resource; entry " + entry.getFullUrl() + " does " + method;
        }
        String condition = condition(entry);
        if (condition != null && !condition.matches("identifier=[^|&]+\\|[^|&]+")) {
            return "this sandbox RIS matches on identifier=system|value only, not " + condition;
        }
        return null;
    }

    private Bundle.BundleEntryResponseComponent apply(Bundle.BundleEntryComponent entry) {
        Resource resource = entry.getResource();
        String condition = condition(entry);
        Resource existing = condition == null ? null : find(resource.fhirType(), condition);
        if (existing != null && entry.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
            // R4 3.1.0.8 conditional create: it exists, nothing is written
            return response("200 OK", existing);
        }
        String id = existing != null ? existing.getIdElement().getIdPart() : String.valueOf(nextId++);
        int version = existing == null ? 1 : Integer.parseInt(existing.getMeta().getVersionId()) + 1;
        resource.setId(new IdType(resource.fhirType(), id, String.valueOf(version)));
        resource.getMeta().setVersionId(String.valueOf(version));
        store.put(resource.fhirType() + "/" + id, resource);
        if (resource instanceof Task task) {
            tasks.add(new RisReceipt(focusValue(task), task.hasPriority() ? task.getPriority().toCode() : ""));
        }
        return response(existing == null ? "201 Created" : "200 OK", resource);
    }

    private static Bundle.BundleEntryResponseComponent response(String status, Resource resource) {
        return new Bundle.BundleEntryResponseComponent().setStatus(status).setLocation(resource.fhirType() + "/"
                + resource.getIdElement().getIdPart() + "/_history/" + resource.getMeta().getVersionId());
    }

    /** The conditional part: {@code ifNoneExist} of a POST, the query of a {@code PUT Type?...}. */
    private static String condition(Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (request.getMethod() == Bundle.HTTPVerb.POST) {
            return request.hasIfNoneExist() ? request.getIfNoneExist() : null;
        }
        String url = request.getUrl();
        int query = url == null ? -1 : url.indexOf('?');
        return query < 0 ? null : url.substring(query + 1);
    }

    private Resource find(String type, String condition) {
        String[] token = condition.substring("identifier=".length()).split("\\|", 2);
        for (Resource r : store.values()) {
            if (r.fhirType().equals(type) && context.newTerser().getValues(r, type + ".identifier", Identifier.class)
                    .stream().anyMatch(i -> token[0].equals(i.getSystem()) && token[1].equals(i.getValue()))) {
                return r;
            }
        }
        return null;
    }

    /** The accession number (or study UID) the Task's focus names by identifier. */
    private static String focusValue(Task task) {
        return task.hasFocus() && task.getFocus().hasIdentifier() ? task.getFocus().getIdentifier().getValue() : "";
    }

    /** The request's own encoding (HAPI's client may send XML or JSON); JSON when it names neither. */
    private static EncodingEnum encoding(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        EncodingEnum encoding = type == null ? null : EncodingEnum.forContentType(type);
        return encoding == null ? EncodingEnum.JSON : encoding;
    }

    private static OperationOutcome outcome(OperationOutcome.IssueType type, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
        return outcome;
    }

    private void answer(HttpServerRequest request, int status, Resource resource) {
        if (request.response().ended()) {
            return;
        }
        EncodingEnum encoding = encoding(request);
        IParser parser = encoding.newParser(context);
        request.response().setStatusCode(status).putHeader("Content-Type", encoding.getResourceContentTypeNonLegacy()
                + ";charset=utf-8").end(parser.encodeResourceToString(resource));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
