package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.results.ResultState;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code GET /api/results?status=RECEIVED|QUARANTINED&algorithm=ID&limit=N}: the results the vendors
 * sent, newest first, each with its normalised findings. A quarantined result is listed like any
 * other: kept and visible, never delivered.
 */
final class ResultsApi {
    private static final String VALID_STATES = Arrays.stream(ResultState.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final Vertx vertx;
    private final ResultQueries results;

    ResultsApi(Vertx vertx, ResultQueries results) {
        this.vertx = vertx;
        this.results = results;
    }

    /** Results carry UIDs and findings, no patient identity: a viewer may read them. */
    void mount(ApiRoutes routes) {
        routes.get("/api/results", Role.VIEWER, this::list);
    }

    private void list(RoutingContext ctx) {
        ResultState state;
        int limit;
        try {
            state = state(ctx.queryParams().get("status"));
            limit = JobsApi.limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        String algorithm = ctx.queryParams().get("algorithm");
        vertx.executeBlocking(() -> results.list(state, algorithm, limit), false).onComplete(found -> {
            if (found.failed()) {
                Responses.fail(ctx, found.cause());
                return;
            }
            JsonArray list = new JsonArray();
            found.result().forEach(r -> list.add(r.toJson()));
            Responses.json(ctx, list.encode());
        });
    }

    private static ResultState state(String word) {
        if (word == null || word.isBlank()) {
            return null;
        }
        try {
            return ResultState.valueOf(word.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status \"" + word + "\"; valid: " + VALID_STATES);
        }
    }
}
