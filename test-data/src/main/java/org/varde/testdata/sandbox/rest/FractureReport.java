package org.varde.testdata.sandbox.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.testdata.detect.Detection;
import org.varde.testdata.detect.DetectionReport;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The sandbox fracture vendor's result document, in its own shape: an outcome word, a triage word, a
 * model block and detections with a SNOMED CT label, a confidence, a site, sizes and images. Codes:
 * (125605004, SCT, "Fracture of bone"), the root of SNOMED CT's fracture disorders; (74670003, SCT,
 * "Wrist joint"), the region the generator names for a wrist study; (410668003, SCT, "Length"), DICOM
 * CID 7470 Linear Measurement.
 */
final class FractureReport {
    static final String SNOMED = "http://snomed.info/sct";
    static final String FORMAT = "sandbox-fracturefinder/1";

    private FractureReport() {
    }

    /**
     * @param sopClasses the SOP Class UID of each received instance, by SOP Instance UID
     */
    static JsonObject of(DetectionReport report, String studyInstanceUid, String name, String version,
                         Map<String, String> sopClasses) {
        JsonArray detections = new JsonArray();
        for (Detection d : report.detections()) {
            detections.add(new JsonObject()
                    .put("label", label("125605004", "Fracture of bone"))
                    .put("confidence", round(d.score(), 3))
                    .put("site", label("74670003", "Wrist joint"))
                    .put("sizes", new JsonArray().add(new JsonObject()
                            .put("name", label("410668003", "Length"))
                            .put("value", round(d.diameterMm(), 1)).put("unit", "mm")))
                    .put("images", new JsonArray().add(new JsonObject()
                            .put("series", d.seriesInstanceUid())
                            .put("sopClass", sopClasses.getOrDefault(d.sopInstanceUid(), "1.2.840.10008.5.1.4.1.1.1.1"))
                            .put("sop", d.sopInstanceUid()))));
        }
        String outcome = report.imagesRead() == 0 ? "UNREADABLE" : report.present() ? "FRACTURE" : "NO_FRACTURE";
        return new JsonObject()
                .put("format", FORMAT)
                .put("study", new JsonObject().put("uid", studyInstanceUid))
                .put("model", new JsonObject().put("name", name).put("version", version)
                        .put("vendor", "Sandbox Radiology"))
                .put("outcome", outcome)
                .put("triage", report.present() ? "URGENT" : "ROUTINE")
                .put("detections", detections);
    }

    private static JsonObject label(String code, String text) {
        return new JsonObject().put("code", code).put("system", SNOMED).put("text", text);
    }

    private static BigDecimal round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
    }
}
