package org.varde.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The check every API and end-to-end test runs on its answers ({@link OpenApiSchemas#assertDocumented})
 * fails on a wrong answer: a real HTTP server that is not Varde answers Varde's paths with bodies that
 * are each wrong in one way (a required field missing, a field of the wrong type, a field the document
 * does not have, an object for an array, a status or media type not listed), and each is caught; the
 * same server's right answers pass.
 */
class AnswerValidationTest {
    private static final String JOB = new JsonObject().put("id", "j1").put("studyInstanceUid", "1.2.3").put("algorithm", "a")
            .put("route", "r").put("mode", "clinical").put("generation", 1).put("idempotencyKey", "k").put("state", "DONE")
            .put("attempts", 1).put("maxAttempts", 5).putNull("nextAttemptAt").putNull("leaseOwner").putNull("leaseExpiresAt")
            .putNull("lastError").put("selectedSeries", new JsonArray().add("1.2.3.4"))
            .put("createdAt", "2026-12-01T08:00:00Z").put("updatedAt", "2026-12-01T08:01:00Z").encode();

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;
    /** path → {status, content type, body} the impostor answers */
    private Map<String, String[]> answers;

    @BeforeEach
    void impostor() throws Exception {
        JsonObject job = new JsonObject(JOB);
        answers = Map.of(
                "/api/jobs?state=DONE", new String[]{"200", "application/json", new JsonArray().add(job).encode()},
                "/api/jobs?state=x1", new String[]{"200", "application/json", new JsonArray().add(job.copy().put("state", "MAYBE")).encode()},
                "/api/jobs?state=x2", new String[]{"200", "application/json", new JsonArray().add(job.copy().put("attempts", "1")).encode()},
                "/api/jobs?state=x3", new String[]{"200", "application/json", new JsonArray().add(withoutKey(job, "updatedAt")).encode()},
                "/api/jobs?state=x4", new String[]{"200", "application/json", new JsonArray().add(job.copy().put("patientName", "Doe^J")).encode()},
                "/api/audit", new String[]{"200", "application/json", "{}"},
                "/api/whoami", new String[]{"200", "text/plain", "viewer"},
                "/api/value", new String[]{"418", "application/json", "{\"error\": \"teapot\"}"});
        port = vertx.createHttpServer().requestHandler(request -> {
            String[] answer = answers.get(request.uri());
            request.response().setStatusCode(Integer.parseInt(answer[0])).putHeader("Content-Type", answer[1]).end(answer[2]);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject withoutKey(JsonObject o, String key) {
        JsonObject copy = o.copy();
        copy.remove(key);
        return copy;
    }

    private void refused(String path, String why) throws Exception {
        HttpResponse<String> answer = get(path);
        AssertionError caught = assertThrows(AssertionError.class,
                () -> OpenApiSchemas.assertDocumented("GET", path, answer), why);
        assertTrue(caught.getMessage().contains("leaves the OpenAPI document"), caught.getMessage());
    }

    @Test
    void aRightAnswerPasses() throws Exception {
        HttpResponse<String> answer = get("/api/jobs?state=DONE");
        assertEquals(200, answer.statusCode());
        OpenApiSchemas.assertDocumented("GET", "/api/jobs?state=DONE", answer);
    }

    @Test
    void eachKindOfWrongAnswerFailsTheCheck() throws Exception {
        refused("/api/jobs?state=x1", "a state outside the enum");
        refused("/api/jobs?state=x2", "a number as a string");
        refused("/api/jobs?state=x3", "a required field missing");
        refused("/api/jobs?state=x4", "a field the document does not have (identity must not leak into a job)");
        refused("/api/audit", "an object where the document says array");
        refused("/api/whoami", "a media type the document does not list");
        refused("/api/value", "a status the document does not list");
    }
}
