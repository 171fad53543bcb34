package org.varde.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * The API's OpenAPI document, read from the classpath, and a check of an answer against what it
 * documents for that operation and status: the status must be listed, the media type too, and a JSON
 * answer must validate against the schema (JSON Schema 2020-12, OpenAPI 3.1's dialect). ApiFixture
 * runs it on every answer the API tests receive, and the end-to-end tests on theirs
 * ({@link #assertDocumented}).
 */
public final class OpenApiSchemas {
    private static final JsonObject DOCUMENT = load();

    private OpenApiSchemas() {
    }

    static JsonObject document() {
        return DOCUMENT.copy();
    }

    private static JsonObject load() {
        try (InputStream in = OpenApiSchemas.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented path template a request path falls under ({@code /api/jobs/abc} → {@code /api/jobs/{jobId}}). */
    static Optional<String> template(String method, String requestPath) {
        String path = requestPath.contains("?") ? requestPath.substring(0, requestPath.indexOf('?')) : requestPath;
        JsonObject paths = DOCUMENT.getJsonObject("paths");
        // exact paths first: /api/routes/explain is not /api/routes/{route}
        if (paths.containsKey(path) && paths.getJsonObject(path).containsKey(method)) {
            return Optional.of(path);
        }
        for (String template : paths.fieldNames()) {
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && paths.getJsonObject(template).containsKey(method)) {
                return Optional.of(template);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a JSON answer against its documented schema.
     *
     * @return why it does not match, or empty when it does or nothing is documented for it
     */
    static Optional<String> problem(String method, String requestPath, int status, String body) {
        return problem(method, requestPath, status, "application/json", body);
    }

    /**
     * Fails the calling test when an answer is not what the document says of its operation and status.
     * Paths the document does not describe (none under /api) are not checked.
     */
    public static void assertDocumented(String method, String requestPath, HttpResponse<String> answer) {
        String mediaType = answer.headers().firstValue("Content-Type").orElse("");
        problem(method, requestPath, answer.statusCode(), mediaType, answer.body()).ifPresent(why -> {
            throw new AssertionError("the answer leaves the OpenAPI document: " + why);
        });
    }

    /**
     * Checks an answer of this media type ({@code Content-Type}, parameters ignored) against its
     * documented operation, status, media type and schema.
     *
     * @return why it does not match, or empty when it does or the path is not documented at all
     */
    static Optional<String> problem(String method, String requestPath, int status, String contentType, String body) {
        Optional<String> template = template(method.toLowerCase(java.util.Locale.ROOT), requestPath);
        if (template.isEmpty()) {
            return Optional.empty();
        }
        JsonObject responses = DOCUMENT.getJsonObject("paths").getJsonObject(template.get())
                .getJsonObject(method.toLowerCase(java.util.Locale.ROOT)).getJsonObject("responses");
        JsonObject response = responses.getJsonObject(String.valueOf(status));
        if (response == null) {
            return Optional.of(method + " " + template.get() + " answered " + status + ", which the document does not list");
        }
        JsonObject content = response.getJsonObject("content");
        String mediaType = contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (content == null) {
            return body == null || body.isEmpty() ? Optional.empty()
                    : Optional.of(method + " " + template.get() + " " + status + " has a body the document does not describe");
        }
        if (!content.containsKey(mediaType) && !content.containsKey("*/*")) {
            return Optional.of(method + " " + template.get() + " " + status + " answered " + mediaType
                    + ", the document lists " + content.fieldNames());
        }
        if (!content.containsKey(mediaType) || !mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return Optional.empty();   // documented as any type (the UI's files) or not JSON: nothing to validate
        }
        JsonObject media = content.getJsonObject(mediaType);
        Object instance;
        try {
            instance = Json.decodeValue(body);
        } catch (RuntimeException e) {
            return Optional.of(method + " " + template.get() + " " + status + ": not JSON: " + body);
        }
        JsonObject schema = media.getJsonObject("schema");
        OutputUnit result = validator(schema).validate(instance);
        return result.getValid() ? Optional.empty()
                : Optional.of(method + " " + template.get() + " " + status + " does not match its schema: " + result
                        + "\nanswer: " + body);
    }

    /** A validator of {@code schema}, its references into components/schemas resolved through $defs. */
    static Validator validator(JsonObject schema) {
        String defs = DOCUMENT.getJsonObject("components").getJsonObject("schemas").encode()
                .replace("#/components/schemas/", "#/$defs/");
        JsonObject whole = new JsonObject(schema.encode().replace("#/components/schemas/", "#/$defs/"))
                .put("$defs", new JsonObject(defs));
        return Validator.create(JsonSchema.of(whole), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://varde.invalid/openapi.json").setOutputFormat(OutputFormat.Basic));
    }

    /** The schema of a component, for tests that check the validator itself. */
    static Validator component(String name) {
        return validator(new JsonObject(Map.of("$ref", "#/components/schemas/" + name)));
    }
}
