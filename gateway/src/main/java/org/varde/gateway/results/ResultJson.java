package org.varde.gateway.results;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;

import java.util.Locale;

/** The normalised result in the API's JSON. Field names are a public contract: add, never rename. */
public final class ResultJson {
    private ResultJson() {
    }

    public static JsonObject of(AlgorithmResult r) {
        JsonArray findings = new JsonArray();
        r.findings().forEach(f -> findings.add(finding(f)));
        return new JsonObject()
                .put("algorithm", r.algorithmId())
                .put("reportedName", r.reportedName())
                .put("reportedVersion", r.reportedVersion())
                .put("device", new JsonObject()
                        .put("manufacturer", r.device().manufacturer())
                        .put("modelName", r.device().modelName())
                        .put("softwareVersion", r.device().softwareVersion()))
                .put("studyInstanceUid", r.studyInstanceUid())
                .put("status", word(r.status()))
                .put("findings", findings)
                .put("suggestedPriority", r.suggestedPriority().map(p -> p.fhirCode()).orElse(null));
    }

    private static JsonObject finding(Finding f) {
        JsonArray measurements = new JsonArray();
        f.measurements().forEach(m -> measurements.add(measurement(m)));
        JsonArray references = new JsonArray();
        f.references().forEach(i -> references.add(reference(i)));
        return new JsonObject()
                .put("code", code(f.code()))
                .put("presence", word(f.presence()))
                .put("probability", f.probability().orElse(null))
                .put("measurements", measurements)
                .put("bodySite", f.bodySite().map(ResultJson::code).orElse(null))
                .put("references", references);
    }

    private static JsonObject measurement(Measurement m) {
        return new JsonObject()
                .put("concept", code(m.concept()))
                .put("value", m.value().toPlainString())
                .put("unit", m.ucumUnit());
    }

    private static JsonObject reference(ImageReference i) {
        return new JsonObject()
                .put("seriesInstanceUid", i.seriesInstanceUid())
                .put("sopClassUid", i.sopClassUid())
                .put("sopInstanceUid", i.sopInstanceUid())
                .put("frames", new JsonArray(i.frames()));
    }

    static JsonObject code(Code c) {
        return new JsonObject().put("value", c.value()).put("scheme", c.scheme()).put("meaning", c.meaning());
    }

    private static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
