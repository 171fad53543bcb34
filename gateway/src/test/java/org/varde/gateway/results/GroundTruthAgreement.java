package org.varde.gateway.results;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.testdata.GroundTruth;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a normalised result says what the ground truth of its study says: the verdict, and for a
 * planted nodule the finding (SCT 27925004) present, its diameter in mm within tolerance, a
 * probability, and image references only to the slices of the truth's series that show it, its
 * centre slice among them; for a study without one, the nodule reported absent.
 */
final class GroundTruthAgreement {
    /** The detector's size error on planted spheres at 256 x 256 (DetectorAccuracyTest's tolerance). */
    static final double RELATIVE_TOLERANCE = 0.15;
    static final double ABSOLUTE_TOLERANCE_MM = 1.5;

    private GroundTruthAgreement() {
    }

    /** What disagrees, in words; empty when the result matches the truth. */
    static List<String> disagreements(GroundTruth truth, StoredResult stored) {
        return disagreements(truth, stored, "27925004");
    }

    /** @param findingCode the SNOMED CT code the finding must carry (nodule 27925004, PE 59282003) */
    static List<String> disagreements(GroundTruth truth, StoredResult stored, String findingCode) {
        List<String> wrong = new ArrayList<>();
        JsonObject result = stored.result();
        if (!truth.studyInstanceUid().equals(result.getString("studyInstanceUid"))) {
            wrong.add("study " + result.getString("studyInstanceUid") + ", truth " + truth.studyInstanceUid());
        }
        String expected = truth.present() ? "positive" : "negative";
        if (!expected.equals(stored.verdict())) {
            wrong.add("verdict " + stored.verdict() + ", truth " + expected);
            return wrong;
        }
        JsonArray findings = result.getJsonArray("findings");
        if (findings.size() != 1) {
            wrong.add(findings.size() + " findings, one expected: " + findings);
            return wrong;
        }
        JsonObject finding = findings.getJsonObject(0);
        if (!findingCode.equals(finding.getJsonObject("code").getString("value"))
                || !"SCT".equals(finding.getJsonObject("code").getString("scheme"))) {
            wrong.add("finding code " + finding.getJsonObject("code"));
        }
        if (!truth.present()) {
            if (!"absent".equals(finding.getString("presence"))) {
                wrong.add("presence " + finding.getString("presence") + ", truth absent");
            }
            return wrong;
        }
        if (!"present".equals(finding.getString("presence"))) {
            wrong.add("presence " + finding.getString("presence") + ", truth present");
        }
        JsonObject diameter = finding.getJsonArray("measurements").stream().map(JsonObject.class::cast)
                .filter(m -> "81827009".equals(m.getJsonObject("concept").getString("value"))).findFirst().orElse(null);
        double tolerance = Math.max(ABSOLUTE_TOLERANCE_MM, RELATIVE_TOLERANCE * truth.diameterMm());
        if (diameter == null || !"mm".equals(diameter.getString("unit"))) {
            wrong.add("no diameter in mm (SCT 81827009, UCUM mm): " + finding.getJsonArray("measurements"));
        } else if (Math.abs(Double.parseDouble(diameter.getString("value")) - truth.diameterMm()) > tolerance) {
            wrong.add("diameter " + diameter.getString("value") + " mm, truth " + truth.diameterMm() + " mm");
        }
        Double probability = finding.getDouble("probability");
        if (probability == null || probability <= 0 || probability > 1) {
            wrong.add("probability " + probability);
        }
        GroundTruth.Location where = truth.location();
        List<String> referenced = new ArrayList<>();
        for (Object r : finding.getJsonArray("references")) {
            JsonObject ref = (JsonObject) r;
            referenced.add(ref.getString("sopInstanceUid"));
            if (!where.seriesInstanceUid().equals(ref.getString("seriesInstanceUid"))) {
                wrong.add("reference in series " + ref.getString("seriesInstanceUid") + ", truth "
                        + where.seriesInstanceUid());
            }
        }
        if (referenced.isEmpty() || !where.sopInstanceUids().containsAll(referenced)) {
            wrong.add("referenced slices " + referenced + " are not among the truth's " + where.sopInstanceUids());
        }
        if (!referenced.contains(where.sopInstanceUid())) {
            wrong.add("the centre slice " + where.sopInstanceUid() + " is not referenced");
        }
        return wrong;
    }
}
