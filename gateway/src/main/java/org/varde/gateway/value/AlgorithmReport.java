package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;

/**
 * What {@link AlgorithmWatch} found for one algorithm at {@code at}: its flag-rate chart, and over
 * the silence window the studies its routes matched (sent or refused by the guard), the dispatches,
 * the dispatches old enough to expect a result, and the results received.
 */
public record AlgorithmReport(String algorithm, String at, FlagRateChart chart, long matched, long guardRefused,
                             long dispatched, long dispatchedBeforeGrace, long results, long minSilentStudies) {

    /** Studies its routes match keep arriving, and the algorithm receives none of them. */
    public boolean routingSilence() {
        return matched >= minSilentStudies && dispatched == 0;
    }

    /** Studies were dispatched long enough ago to expect results, and none came. */
    public boolean resultsStopped() {
        return dispatchedBeforeGrace >= minSilentStudies && results == 0;
    }

    public boolean drift() {
        return chart.outOfControl();
    }

    public JsonObject toJson() {
        return new JsonObject().put("algorithm", algorithm).put("at", at).put("flagRate", chart.toJson())
                .put("drift", drift())
                .put("silence", new JsonObject().put("matched", matched).put("guardRefused", guardRefused)
                        .put("dispatched", dispatched).put("dispatchedBeforeGrace", dispatchedBeforeGrace)
                        .put("results", results).put("routingSilence", routingSilence())
                        .put("resultsStopped", resultsStopped()));
    }
}
