package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * The JSON shape of routing decisions, as the API and {@code routes explain} show them. Field names
 * are a public contract: add fields, never rename them.
 */
public final class RoutingDecisionJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RoutingDecisionJson() {
    }

    public static ArrayNode toJson(List<RoutingDecision> decisions) {
        ArrayNode array = NODES.arrayNode();
        decisions.forEach(d -> array.add(toJson(d)));
        return array;
    }

    public static ObjectNode toJson(RoutingDecision decision) {
        ObjectNode node = NODES.objectNode();
        node.put("route", decision.route());
        node.put("algorithm", decision.algorithm());
        node.put("outcome", decision.outcome().name());
        node.put("mode", decision.mode().word());
        decision.decidingFailure().ifPresentOrElse(r -> node.put("why", r.text()), () -> node.putNull("why"));
        ArrayNode series = node.putArray("selectedSeries");
        decision.selectedSeries().forEach(series::add);
        ArrayNode reasons = node.putArray("reasons");
        decision.reasons().forEach(r -> reasons.add(toJson(r)));
        return node;
    }

    static ObjectNode toJson(Reason reason) {
        ObjectNode node = NODES.objectNode();
        node.put("stage", reason.stage().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        node.put("scope", reason.scope());
        node.put("check", reason.check());
        node.put("passed", reason.passed());
        node.put("actual", reason.actual());
        node.put("text", reason.text());
        return node;
    }
}
