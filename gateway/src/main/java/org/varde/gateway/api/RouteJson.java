package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.routing.CompletionSettings;
import org.varde.gateway.routing.Condition;
import org.varde.gateway.routing.Route;

/**
 * A route as the API shows it: its conditions in the words the routing explanation uses
 * ({@link Condition#describe()}), so the rule an administrator reads is the check a decision names.
 */
final class RouteJson {
    private RouteJson() {
    }

    static JsonObject route(Route r) {
        return new JsonObject()
                .put("name", r.name())
                .put("match", describe(r.match()))
                .put("series", describe(r.seriesFilter()))
                .put("algorithms", new JsonArray(r.algorithms()))
                .put("mode", r.mode().word())
                .put("completion", completion(r.completion()));
    }

    private static JsonObject completion(CompletionSettings c) {
        return new JsonObject()
                .put("idleSeconds", c.idleSeconds())
                .put("expectedSeries", describe(c.expectedSeries()))
                .put("seriesSettleSeconds", c.seriesSettleSeconds())
                .put("acceptUpdates", c.acceptUpdates());
    }

    private static String describe(Condition condition) {
        return condition == null ? null : condition.describe();
    }
}
