package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.IntendedUse;
import org.varde.gateway.routing.NumericRange;

/**
 * The catalogue as the API shows it: what each product is certified for and where it is reached.
 * Field names follow config/algorithms.yaml so an operator reads the same words in both.
 */
final class AlgorithmJson {
    private AlgorithmJson() {
    }

    static JsonObject algorithm(Algorithm a) {
        return new JsonObject()
                .put("id", a.id())
                .put("vendor", a.vendor())
                .put("product", a.product())
                .put("approvedVersion", a.approvedVersion())
                .put("ceClass", a.ceClass() == null ? null : a.ceClass().word())
                .put("notifiedBody", a.notifiedBody())
                .put("certificateId", a.certificateId())
                .put("regulatoryStatus", a.regulatoryStatus().word())
                .put("intendedUse", intendedUse(a.intendedUse()))
                .put("endpoint", endpoint(a.endpoint()))
                .put("concurrency", a.concurrency())
                .put("timeoutSeconds", a.timeout().toSeconds())
                .put("resultTimeoutSeconds", a.resultTimeout().toSeconds())
                .put("privacy", privacy(a.privacy()));
    }

    /** As in the catalogue file; {@code pseudonymize: false} alone when studies go as they are. */
    private static JsonObject privacy(org.varde.gateway.routing.AlgorithmPrivacy privacy) {
        JsonObject json = new JsonObject().put("pseudonymize", privacy.pseudonymize());
        if (privacy.pseudonymize()) {
            json.put("dates", privacy.deidentification().dates().name().toLowerCase(java.util.Locale.ROOT));
            JsonArray keep = new JsonArray();
            privacy.deidentification().keepPrivate().forEach(k -> keep.add(new JsonObject().put("creator", k.creator())
                    .put("tag", String.format("%04X,xx%02X", k.group(), k.elementOffset()))));
            json.put("keepPrivate", keep);
        }
        return json;
    }

    private static JsonObject intendedUse(IntendedUse use) {
        JsonObject json = new JsonObject()
                .put("modalities", new JsonArray(use.modalities()))
                .put("bodyParts", new JsonArray(use.bodyParts()))
                .put("sopClasses", new JsonArray(use.sopClasses()))
                .put("viewPositions", new JsonArray(use.viewPositions()));
        range(json, "AgeYears", use.ageYears());
        range(json, "SliceThicknessMm", use.sliceThicknessMm());
        return json;
    }

    /** {@code minAgeYears}/{@code maxAgeYears} as in the catalogue file; an open end is left out. */
    private static void range(JsonObject json, String name, NumericRange range) {
        if (range != null && range.min() != null) {
            json.put("min" + name, range.min());
        }
        if (range != null && range.max() != null) {
            json.put("max" + name, range.max());
        }
    }

    /** The endpoint's settings as the catalogue spells them, in the protocol's own words. */
    private static JsonObject endpoint(AlgorithmEndpoint e) {
        return new JsonObject(new java.util.LinkedHashMap<>(e.settings()));
    }
}
