package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.delivery.Delivery;
import org.varde.gateway.delivery.DeliveryStage;
import org.varde.gateway.delivery.DeliveryState;
import org.varde.gateway.delivery.DeliveryStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The delivery stage seen from outside: {@code GET /api/deliveries?state=DEAD_LETTER&limit=N} (newest
 * first), {@code GET /api/deliveries/{id}} (with its history and, for a caller who may see patient
 * identity, what was built: the SR's dump, the FHIR Bundle, the HL7 message; on a shadow route that is
 * the artefact kept for evaluation), and {@code POST /api/deliveries/{id}/retry}, the operator's
 * replay of a dead letter.
 */
final class DeliveriesApi {
    private static final String VALID_STATES = Arrays.stream(DeliveryState.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final Vertx vertx;
    private final DeliveryStage stage;

    DeliveriesApi(Vertx vertx, DeliveryStage stage) {
        this.vertx = vertx;
        this.stage = stage;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/deliveries", Role.VIEWER, this::list);
        routes.get("/api/deliveries/:deliveryId", Role.VIEWER, this::one);
        routes.post("/api/deliveries/:deliveryId/retry", Role.OPERATOR, this::retry);
    }

    /** A delivery with its history; {@code prepared} only for a role that sees identity (it names the patient). */
    static JsonObject withHistory(DeliveryStore store, Delivery d, boolean identity) {
        JsonArray events = new JsonArray();
        store.events(d.id()).forEach(e -> events.add(e.toJson()));
        JsonObject json = d.toJson().put("history", events);
        if (identity) {
            json.put("prepared", store.preparedText(d.id()).orElse(null));
        } else if (d.preparedMediaType() != null) {
            json.put("prepared", "hidden");
        }
        return json;
    }

    private void list(RoutingContext ctx) {
        List<DeliveryState> states;
        int limit;
        try {
            states = states(ctx.queryParams().getAll("state"));
            limit = JobsApi.limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> {
            List<Delivery> found = new ArrayList<>();
            for (DeliveryState s : states) {
                if (found.size() < limit) {
                    found.addAll(stage.store().inState(s, limit - found.size()));
                }
            }
            return found;
        }, false).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            JsonArray list = new JsonArray();
            result.result().forEach(d -> list.add(d.toJson()));
            Responses.json(ctx, list.encode());
        });
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("deliveryId");
        boolean identity = Authenticator.caller(ctx).role().seesIdentity();
        vertx.executeBlocking(() -> stage.store().get(id).map(d -> withHistory(stage.store(), d, identity)), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        Responses.fail(ctx, result.cause());
                    } else if (result.result().isEmpty()) {
                        Responses.error(ctx, 404, "unknown delivery");
                    } else {
                        Responses.json(ctx, result.result().get().encode());
                    }
                });
    }

    /** PENDING again, attempts counted afresh, due now: from DEAD_LETTER (or a PENDING one waiting for its backoff). */
    private void retry(RoutingContext ctx) {
        String id = ctx.pathParam("deliveryId");
        String actor = "operator " + Authenticator.caller(ctx).name();
        vertx.executeBlocking(() -> stage.retry(id, actor), false).onComplete(result -> {
            if (result.failed() && result.cause() instanceof IllegalStateException) {
                Responses.error(ctx, 409, result.cause().getMessage());
            } else if (result.failed()) {
                Responses.fail(ctx, result.cause());
            } else {
                Optional<Delivery> d = result.result();
                if (d.isEmpty()) {
                    Responses.error(ctx, 404, "unknown delivery");
                } else {
                    Responses.json(ctx, 200, d.get().toJson());
                }
            }
        });
    }

    private static List<DeliveryState> states(List<String> words) {
        if (words.isEmpty()) {
            return List.of(DeliveryState.values());
        }
        List<DeliveryState> states = new ArrayList<>();
        for (String word : words) {
            try {
                states.add(DeliveryState.valueOf(word.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown state \"" + word + "\"; valid states: " + VALID_STATES);
            }
        }
        return states;
    }
}
