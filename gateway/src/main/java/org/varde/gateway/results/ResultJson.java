package org.varde.gateway.results;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.VendorDevice;
import org.varde.connectors.result.WorklistPriority;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /**
     * The normalised result again, from what {@link #of} wrote (a stored result row): what the
     * delivery stage writes out. Throws IllegalArgumentException on a document {@link #of} did not write.
     */
    public static AlgorithmResult read(JsonObject json) {
        JsonObject device = json.getJsonObject("device");
        List<Finding> findings = new ArrayList<>();
        JsonArray items = json.getJsonArray("findings", new JsonArray());
        for (int i = 0; i < items.size(); i++) {
            findings.add(readFinding(items.getJsonObject(i)));
        }
        String suggested = json.getString("suggestedPriority");
        return new AlgorithmResult(json.getString("algorithm"), json.getString("reportedName"),
                json.getString("reportedVersion"), new VendorDevice(device.getString("manufacturer"),
                device.getString("modelName"), device.getString("softwareVersion")), json.getString("studyInstanceUid"),
                ResultStatus.valueOf(json.getString("status").toUpperCase(Locale.ROOT)), findings,
                suggested == null ? Optional.empty() : Optional.of(WorklistPriority.fromFhirCode(suggested)));
    }

    private static Finding readFinding(JsonObject f) {
        List<Measurement> measurements = new ArrayList<>();
        JsonArray ms = f.getJsonArray("measurements", new JsonArray());
        for (int i = 0; i < ms.size(); i++) {
            JsonObject m = ms.getJsonObject(i);
            measurements.add(new Measurement(readCode(m.getJsonObject("concept")), new BigDecimal(m.getString("value")),
                    m.getString("unit")));
        }
        List<ImageReference> references = new ArrayList<>();
        JsonArray refs = f.getJsonArray("references", new JsonArray());
        for (int i = 0; i < refs.size(); i++) {
            JsonObject r = refs.getJsonObject(i);
            List<Integer> frames = new ArrayList<>();
            r.getJsonArray("frames", new JsonArray()).forEach(x -> frames.add(((Number) x).intValue()));
            references.add(new ImageReference(r.getString("seriesInstanceUid"), r.getString("sopClassUid"),
                    r.getString("sopInstanceUid"), frames));
        }
        Double probability = f.getDouble("probability");
        JsonObject bodySite = f.getJsonObject("bodySite");
        return new Finding(readCode(f.getJsonObject("code")),
                Presence.valueOf(f.getString("presence").toUpperCase(Locale.ROOT)), Optional.ofNullable(probability),
                measurements, bodySite == null ? Optional.empty() : Optional.of(readCode(bodySite)), references);
    }

    private static Code readCode(JsonObject c) {
        return new Code(c.getString("value"), c.getString("scheme"), c.getString("meaning"));
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
