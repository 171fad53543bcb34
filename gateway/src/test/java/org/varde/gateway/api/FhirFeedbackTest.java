package org.varde.gateway.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.vertx.core.json.JsonObject;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.store.Jdbc;
import org.varde.gateway.usage.UsageLedger;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Radiologists' feedback taken from the RIS as FHIR R4, sent by HAPI's generic client (a FHIR client
 * that is not Varde's code) to the running API on loopback: an Observation of the radiologist and an
 * update of Varde's priority Task each become one feedback row, a resend replaces it, an update changes
 * the word, and {@code /api/value} counts them as it counts feedback given through the API. Every
 * answer the client gets is checked against the OpenAPI document.
 */
class FhirFeedbackTest {
    private static final String RIS_SYSTEM = "urn:oid:2.16.578.1.12.4.1.9999.1";
    private static final String FEEDBACK = "urn:varde:feedback";

    @TempDir
    Path tmp;
    ApiFixture api;
    AuditLog audit;
    String risToken;
    IGenericClient ris;
    /** every answer the FHIR client received: method, path, status, content type, body */
    final List<String[]> answers = new ArrayList<>();

    @org.junit.jupiter.api.BeforeAll
    static void warmTheValidator() {
        // loading the R4 definitions takes seconds (tens on a busy machine); the gateway warms it at start
        // too, but the first request must not wait for it within the client's timeout
        long t0 = System.nanoTime();
        org.varde.connectors.sink.fhir.FhirResourceValidator.shared().errors(new org.hl7.fhir.r4.model.Patient());
        long t1 = System.nanoTime();
        org.varde.connectors.sink.fhir.FhirResourceValidator.shared().errors(new Observation());
        System.err.printf("validator warm-up %d ms, then one validation %d ms%n", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
    }

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(tmp);
        audit = new AuditLog(api.journal.dataSource(), Clock.systemUTC(), "fhir-feedback-test", null);
        api.pipeline.auditLog = audit;
        api.pipeline.usage = new UsageLedger(api.journal.dataSource(), Clock.systemUTC());
        api.start();
        risToken = api.tokens.create("ris-sorvik", Role.RIS, "test");
        ris = client(risToken);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    /**
     * HAPI's generic client on Varde's /fhir base, JSON, bearer token, as a RIS would configure it: it
     * asks for the CapabilityStatement before its first request (HAPI's default).
     */
    private IGenericClient client(String token) {
        return client(token, ServerValidationModeEnum.ONCE);
    }

    /** With {@code NEVER}: a client whose first request is the one under test (a refused caller gets no metadata). */
    private IGenericClient client(String token, ServerValidationModeEnum serverValidation) {
        FhirContext context = FhirContext.forR4();
        context.getRestfulClientFactory().setServerValidationMode(serverValidation);
        context.getRestfulClientFactory().setSocketTimeout(60_000);
        IGenericClient client = context.newRestfulGenericClient("http://127.0.0.1:" + api.port + "/fhir");
        client.setEncoding(EncodingEnum.JSON);
        if (token != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        }
        client.registerInterceptor(new AnswerRecorder());
        return client;
    }

    /** Keeps each answer's body (buffered, so that HAPI still reads it) for the OpenAPI check. */
    private final class AnswerRecorder implements IClientInterceptor {
        /** the request being answered: the client sends one at a time, on the test's thread */
        private IHttpRequest request;

        @Override
        public void interceptRequest(IHttpRequest request) {
            this.request = request;
        }

        @Override
        public void interceptResponse(IHttpResponse response) throws IOException {
            response.bufferEntity();
            String body;
            try (InputStream in = response.readEntity()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String uri = request == null ? "" : java.net.URI.create(request.getUri()).getRawPath();
            answers.add(new String[]{request == null ? "" : request.getHttpVerbName(), uri,
                    String.valueOf(response.getStatus()), response.getMimeType(), body});
        }
    }

    /** A job and a RECEIVED result with this verdict; the result's id. */
    private String result(int n, String verdict) throws Exception {
        return api.receivedResult("1.2.78." + n, n, verdict);
    }

    private static CodeableConcept feedbackCode(String code) {
        return new CodeableConcept(new Coding(FEEDBACK, code, null));
    }

    /** The radiologist's Observation on Varde's DiagnosticReport of {@code resultId}, version 1. */
    private static Observation assessment(String id, String resultId, String word) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(feedbackCode("assessment"));
        o.setValue(feedbackCode(word));
        o.addFocus(new Reference().setType("DiagnosticReport")
                .setIdentifier(new Identifier().setSystem("urn:varde:result").setValue(resultId + ".1")));
        o.addPerformer(new Reference().setType("Practitioner").setDisplay("Dr. Kari Lie"));
        o.addNote().setText("8 mm nodule right upper lobe confirmed");
        return o;
    }

    /** Varde's priority Task of {@code resultId}, as the RIS completes it with the radiologist's word. */
    private static Task completedTask(String id, String resultId, String word, String finding) {
        Task t = new Task();
        if (id != null) {
            t.setId(id);
        }
        t.addIdentifier().setSystem("urn:varde:priority-task").setValue(resultId + ".1");
        t.setStatus(Task.TaskStatus.COMPLETED);
        t.setIntent(Task.TaskIntent.ORDER);
        t.addOutput().setType(feedbackCode("verdict")).setValue(feedbackCode(word));
        if (finding != null) {
            t.addOutput().setType(feedbackCode("correct-finding")).setValue(new StringType(finding));
        }
        t.setOwner(new Reference().setType("Practitioner").setDisplay("Dr. Ola Berg"));
        return t;
    }

    private List<String[]> rows(String resultId) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = api.journal.dataSource().getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT id, agreement, correct_finding, comment, given_by, "
                     + "given_by_kind FROM result_feedback WHERE result_id = ? ORDER BY given_at", resultId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)});
            }
        }
        return rows;
    }

    private JsonObject feedbackFigures() throws Exception {
        HttpResponse<String> value = api.get("/api/value?algorithm=lung-nodules", api.token(Role.VIEWER));
        assertEquals(200, value.statusCode(), value.body());
        return new JsonObject(value.body()).getJsonObject("feedback");
    }

    private static void assertRate(JsonObject rate, long successes, long n) {
        assertEquals(successes, rate.getLong("successes"), rate.encode());
        assertEquals(n, rate.getLong("n"), rate.encode());
    }

    private static String issues(BaseServerResponseException e) {
        assertTrue(e.getOperationOutcome() instanceof OperationOutcome, "the refusal is an OperationOutcome: "
                + e.getResponseBody());
        OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
        assertFalse(outcome.getIssue().isEmpty());
        return outcome.getIssue().stream().map(i -> i.getCode().toCode() + ": " + i.getDiagnostics())
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
    }

    @Test
    void observationsAndTaskUpdatesFromTheRisCountOnceEachAndFeedTheValueFigures() throws Exception {
        String positive1 = result(1, "positive");
        String positive2 = result(2, "positive");
        String negative = result(3, "negative");

        // what the client read first: Varde's capabilities, valid R4
        org.hl7.fhir.r4.model.CapabilityStatement capabilities = ris.capabilities()
                .ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute();
        assertEquals(List.of("Observation", "Task"), capabilities.getRestFirstRep().getResource().stream()
                .map(r -> r.getType()).toList());
        assertEquals(List.of(), org.varde.connectors.sink.fhir.FhirResourceValidator.shared().errors(capabilities));

        // the radiologist's Observation, created by the RIS at its own id (update as create)
        MethodOutcome first = ris.update().resource(assessment("ris-obs-1", positive1, "agree")).execute();
        assertTrue(Boolean.TRUE.equals(first.getCreated()), "201 for a new feedback");
        assertEquals("ris-obs-1", first.getId().getIdPart());
        List<String[]> rows = rows(positive1);
        assertEquals(1, rows.size());
        assertEquals("AGREE", rows.get(0)[1]);
        assertEquals("8 mm nodule right upper lobe confirmed", rows.get(0)[3]);
        assertEquals("ris-sorvik for Dr. Kari Lie", rows.get(0)[4], "the RIS's token and the practitioner");
        assertEquals("TOKEN", rows.get(0)[5]);
        assertRate(feedbackFigures().getJsonObject("ppv"), 1, 1);

        // the same resource again: the one row, not a second
        MethodOutcome resent = ris.update().resource(assessment("ris-obs-1", positive1, "agree")).execute();
        assertFalse(Boolean.TRUE.equals(resent.getCreated()), "200 for a resend");
        assertEquals(1, rows(positive1).size());
        assertEquals(rows.get(0)[0], rows(positive1).get(0)[0], "the same row");
        assertEquals(1L, feedbackFigures().getLong("given"));

        // the radiologist changes their mind: the word changes, still one row
        ris.update().resource(assessment("ris-obs-1", positive1, "disagree")).execute();
        assertEquals(1, rows(positive1).size());
        assertEquals("DISAGREE", rows(positive1).get(0)[1]);
        JsonObject figures = feedbackFigures();
        assertEquals(1L, figures.getLong("given"));
        assertRate(figures.getJsonObject("ppv"), 0, 1);
        assertRate(figures.getJsonObject("agreementRate"), 0, 1);

        // Varde's priority Task, completed by the RIS with the word and the right finding, then updated
        MethodOutcome task = ris.create().resource(completedTask(null, positive2, "disagree", "scar")).execute();
        assertTrue(Boolean.TRUE.equals(task.getCreated()));
        assertEquals("DISAGREE", rows(positive2).get(0)[1]);
        assertEquals("scar", rows(positive2).get(0)[2]);
        assertEquals("ris-sorvik for Dr. Ola Berg", rows(positive2).get(0)[4]);
        ris.update().resource(completedTask("ris-task-7", positive2, "partly", "two nodules")).execute();
        assertEquals(1, rows(positive2).size(), "the Task is Varde's, by its identifier: one feedback");
        assertEquals("PARTLY", rows(positive2).get(0)[1]);
        assertEquals("two nodules", rows(positive2).get(0)[2]);

        // on a negative, by Observation.derivedFrom Varde's finding Observation, created with the RIS's identifier
        Observation onNegative = assessment(null, negative, "agree");
        onNegative.getFocus().clear();
        onNegative.addDerivedFrom(new Reference().setType("Observation")
                .setIdentifier(new Identifier().setSystem("urn:varde:observation").setValue(negative + ".1.1")));
        onNegative.addIdentifier().setSystem(RIS_SYSTEM).setValue("assessment-4711");
        MethodOutcome created = ris.create().resource(onNegative).execute();
        assertTrue(Boolean.TRUE.equals(created.getCreated()));
        MethodOutcome again = ris.create().resource(onNegative).execute();
        assertFalse(Boolean.TRUE.equals(again.getCreated()), "the RIS's identifier makes it the same feedback");
        assertEquals(created.getId().getIdPart(), again.getId().getIdPart());
        assertEquals(1, rows(negative).size());

        figures = feedbackFigures();
        assertEquals(3L, figures.getLong("given"), figures.encodePrettily());
        assertEquals(1L, figures.getLong("agree"));
        assertEquals(1L, figures.getLong("partly"));
        assertEquals(1L, figures.getLong("disagree"));
        assertRate(figures.getJsonObject("ppv"), 1, 2);   // partly on a positive is a true positive
        assertRate(figures.getJsonObject("npv"), 1, 1);
        assertRate(figures.getJsonObject("agreementRate"), 1, 3);
        assertEquals(0.5, figures.getJsonObject("ppv").getDouble("value"));

        // varde_feedback_total counts new feedback, not resends or updates: three resources, three counts
        assertEquals(3.0, api.metrics.registry().find("varde_feedback_total").tag("algorithm", "lung-nodules")
                .counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum());

        // the RIS marks the first Observation entered-in-error: its feedback is taken back, the figures drop it
        Observation erroneous = assessment("ris-obs-1", positive1, "disagree");
        erroneous.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        MethodOutcome withdrawn = ris.update().resource(erroneous).execute();
        assertFalse(Boolean.TRUE.equals(withdrawn.getCreated()));
        assertEquals(0, rows(positive1).size());
        figures = feedbackFigures();
        assertEquals(2L, figures.getLong("given"));
        assertRate(figures.getJsonObject("ppv"), 1, 1);
        ResourceNotFoundException twice = assertThrows(ResourceNotFoundException.class,
                () -> ris.update().resource(erroneous).execute());
        assertTrue(issues(twice).startsWith("not-found: no feedback of this Observation to take back"), issues(twice));

        // each send is an audit event naming the RIS's token, with the practitioner in its words
        List<AuditEvent> feedback = audit.between(null, null, 100).stream()
                .filter(e -> e.entry().action() == AuditAction.FEEDBACK).toList();
        assertEquals(8, feedback.size(), "seven sends and one taken back");
        assertTrue(feedback.stream().allMatch(e -> e.entry().actor().name().equals("ris-sorvik")));
        assertTrue(feedback.stream().anyMatch(e -> e.entry().detail().contains("given by Dr. Kari Lie")
                && e.entry().detail().contains("DISAGREE on a positive result " + positive1)), feedback.toString());
        assertTrue(feedback.stream().anyMatch(e -> e.entry().detail().equals("DISAGREE on a positive result " + positive1
                + " taken back by the RIS (entered in error), by Dr. Kari Lie")), feedback.toString());
        assertAnswersDocumented();
    }

    @Test
    void refusalsAreOperationOutcomesNamingTheProblem() throws Exception {
        String positive = result(1, "positive");

        ResourceNotFoundException unknown = assertThrows(ResourceNotFoundException.class,
                () -> ris.update().resource(assessment("ris-obs-2", "no-such-result", "agree")).execute());
        assertTrue(issues(unknown).startsWith("not-found: Varde has no result no-such-result"), issues(unknown));

        Observation withoutCode = assessment("ris-obs-3", positive, "agree");
        withoutCode.setCode(null);
        UnprocessableEntityException invalid = assertThrows(UnprocessableEntityException.class,
                () -> ris.update().resource(withoutCode).execute());
        assertTrue(issues(invalid).contains("Observation.code") && issues(invalid).contains("minimum required"),
                "the validator's own words: " + issues(invalid));

        Task notDone = completedTask("ris-task-1", positive, "agree", null);
        notDone.setStatus(Task.TaskStatus.INPROGRESS);
        notDone.getOutput().clear();
        UnprocessableEntityException noWord = assertThrows(UnprocessableEntityException.class,
                () -> ris.update().resource(notDone).execute());
        assertTrue(issues(noWord).contains("Task.status must be completed"), issues(noWord));
        assertTrue(issues(noWord).contains("urn:varde:feedback#verdict"), issues(noWord));

        assertEquals(0, rows(positive).size(), "nothing refused was stored");

        assertRefused(401, AuthenticationException.class,
                () -> client(null, ServerValidationModeEnum.NEVER).update()
                        .resource(assessment("ris-obs-1", positive, "agree")).execute(), "login");
        assertRefused(401, AuthenticationException.class,
                () -> client("not-a-token", ServerValidationModeEnum.NEVER).update()
                        .resource(assessment("ris-obs-1", positive, "agree")).execute(),
                "login");
        assertRefused(403, ForbiddenOperationException.class,
                () -> client(api.token(Role.ADMIN), ServerValidationModeEnum.NEVER).update()
                        .resource(assessment("ris-obs-1", positive, "agree")).execute(),
                "forbidden");
        assertEquals(0, rows(positive).size());
        assertEquals(403, api.get("/api/value", risToken).statusCode(), "a RIS token reads nothing");
        HttpResponse<String> metadataAsAdmin = api.get("/fhir/metadata", api.token(Role.ADMIN));
        assertEquals(403, metadataAsAdmin.statusCode());
        assertTrue(metadataAsAdmin.body().contains("\"forbidden\""), metadataAsAdmin.body());
        assertEquals(403, api.post("/api/results/" + positive + "/feedback", risToken, "{\"agreement\": \"agree\"}")
                .statusCode(), "nor gives feedback through the API");

        // below the client: what it would not send
        HttpResponse<String> unparseable = raw("PUT", "/fhir/Observation/x1", "application/fhir+json", "{not json");
        assertEquals(400, unparseable.statusCode(), unparseable.body());
        assertTrue(unparseable.body().contains("OperationOutcome"), unparseable.body());
        HttpResponse<String> xml = raw("POST", "/fhir/Observation", "application/fhir+xml", "<Observation/>");
        assertEquals(415, xml.statusCode(), xml.body());
        HttpResponse<String> mismatch = raw("PUT", "/fhir/Observation/other-id", "application/fhir+json",
                FhirContext.forR4Cached().newJsonParser().encodeResourceToString(assessment("ris-obs-1", positive, "agree")));
        assertEquals(400, mismatch.statusCode(), mismatch.body());
        assertTrue(mismatch.body().contains("must carry the id of its path"), mismatch.body());
        HttpResponse<String> wrongType = raw("POST", "/fhir/Task", "application/fhir+json",
                FhirContext.forR4Cached().newJsonParser().encodeResourceToString(assessment(null, positive, "agree")));
        assertEquals(400, wrongType.statusCode(), wrongType.body());
        assertEquals(0, rows(positive).size());
        assertAnswersDocumented();
    }

    private HttpResponse<String> raw(String method, String path, String contentType, String body) throws Exception {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)), risToken);
    }

    private void assertRefused(int status, Class<? extends BaseServerResponseException> type, Executable call,
                               String issueType) {
        BaseServerResponseException e = assertThrows(type, call);
        assertEquals(status, e.getStatusCode());
        assertTrue(issues(e).startsWith(issueType + ":"), issues(e));
    }

    private void assertAnswersDocumented() {
        assertNotEquals(0, answers.size());
        for (String[] a : answers) {
            OpenApiSchemas.problem(a[0], a[1], Integer.parseInt(a[2]), a[3] == null ? "" : a[3], a[4])
                    .ifPresent(why -> {
                        throw new AssertionError("the answer leaves the OpenAPI document: " + why);
                    });
        }
    }
}
