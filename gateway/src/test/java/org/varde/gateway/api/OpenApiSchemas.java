package org.varde.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * The API's OpenAPI document, read from the classpath, and a check of an answer against the schema
 * it gives for that operation and status (JSON Schema 2020-12, OpenAPI 3.1's dialect). ApiFixture
 * runs it on every JSON answer the API tests receive.
 */
final class OpenApiSchemas {
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
        if (content == null || !content.containsKey("application/json")) {
            return Optional.empty();
        }
        Object instance;
        try {
            instance = Json.decodeValue(body);
        } catch (RuntimeException e) {
            return Optional.of(method + " " + template.get() + " " + status + ": not JSON: " + body);
        }
        JsonObject schema = content.getJsonObject("application/json").getJsonObject("schema");
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
