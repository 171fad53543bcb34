package org.varde.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/openapi.json}: the API's OpenAPI 3.1 description, kept in the repository
 * ({@code gateway/src/main/resources/openapi.json}) and served as it is. Open: it describes the
 * endpoints and holds no data. OpenApiContractTest keeps it and the router in step.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";
    static final String PATH = "/api/openapi.json";

    private final Buffer document;

    OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            document = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.json from the jar", e);
        }
    }

    void mount(ApiRoutes routes) {
        routes.open(HttpMethod.GET, PATH, this::serve);
    }

    private void serve(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(document);
    }
}
