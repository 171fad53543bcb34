package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.Route;
import org.varde.gateway.routing.RoutingConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a reload changed in the catalogue and the routes: ids and names added, removed, changed.
 * Compared by their record text, as a route's regex condition holds a {@code Pattern}, which has no
 * value equality but prints its source.
 */
final class RoutingChanges {
    private RoutingChanges() {
    }

    static JsonObject between(RoutingConfig before, RoutingConfig after) {
        JsonObject changes = new JsonObject();
        compare(changes, "algorithms", byKey(before.catalogue().algorithms(), Algorithm::id),
                byKey(after.catalogue().algorithms(), Algorithm::id));
        compare(changes, "routes", byKey(before.routes().routes(), Route::name),
                byKey(after.routes().routes(), Route::name));
        return changes;
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(key.apply(item), item));
        return map;
    }

    private static <T> void compare(JsonObject changes, String what, Map<String, T> before, Map<String, T> after) {
        JsonArray added = new JsonArray();
        JsonArray removed = new JsonArray();
        JsonArray changed = new JsonArray();
        after.forEach((key, item) -> {
            if (!before.containsKey(key)) {
                added.add(key);
            } else if (!before.get(key).toString().equals(item.toString())) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(removed::add);
        changes.put(what + "Added", added).put(what + "Removed", removed).put(what + "Changed", changed);
    }
}
