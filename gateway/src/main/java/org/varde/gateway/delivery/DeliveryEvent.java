package org.varde.gateway.delivery;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/** One line of a delivery's history. */
public record DeliveryEvent(Instant at, DeliveryState from, DeliveryState to, String nodeId, String detail) {
    public JsonObject toJson() {
        return new JsonObject().put("at", at.toString()).put("from", from == null ? null : from.name())
                .put("to", to.name()).put("node", nodeId).put("detail", detail);
    }
}
