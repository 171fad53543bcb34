package org.varde.connectors.algorithm.rest;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.varde.connectors.algorithm.rest.mapping.ResultMapping;
import org.varde.connectors.algorithm.rest.mapping.UnfitResultException;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.WorklistPriority;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue's JSON Pointer mapping: a vendor's own JSON becomes Varde's result model with no code
 * per vendor; a mapping that cannot work is refused when the catalogue is read, naming the key; a
 * document that does not fit is refused naming the place in it.
 */
class ResultMappingTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";

    /** A vendor with its own words and shape, including RFC 6901 escapes (~1 for /, ~0 for ~). */
    static Map<String, Object> mapping() {
        Map<String, Object> code = Map.of("value", "/label/code", "system", "/label/system", "display", "/label/text");
        Map<String, Object> findings = new HashMap<>(Map.of(
                "array", "/detections",
                "code", code,
                "presence", "/seen",
                "presenceValues", Map.of("present", List.of("YES"), "absent", List.of("NO"), "uncertain", List.of("MAYBE")),
                "probability", "/p~1score",
                "bodySite", Map.of("fixed", Map.of("value", "74670003", "system", "SCT", "display", "Wrist joint")),
                "measurements", Map.of("array", "/sizes", "concept", Map.of("fixed",
                        Map.of("value", "410668003", "system", "http://snomed.info/sct", "display", "Length")),
                        "value", "/v", "unit", "/u"),
                "references", Map.of("array", "/images", "seriesInstanceUid", "/series", "sopClassUid", "/class",
                        "sopInstanceUid", "/sop", "frames", "/frames")));
        return new HashMap<>(Map.of(
                "status", "/result~0verdict",
                "statusValues", Map.of("positive", List.of("FRACTURE"), "negative", List.of("CLEAR")),
                "studyInstanceUid", "/study/uid",
                "algorithmName", "/model/name",
                "algorithmVersion", "/model/version",
                "suggestedPriority", "/triage",
                "priorityValues", Map.of("stat", List.of("CRITICAL")),
                "findings", findings));
    }

    static JsonObject document() {
        return new JsonObject("""
                {"result~verdict": "FRACTURE", "study": {"uid": "%s"}, "model": {"name": "BoneSight", "version": "2.3.0"},
                 "triage": "CRITICAL",
                 "detections": [{"label": {"code": "125605004", "system": "http://snomed.info/sct", "text": "Fracture of bone"},
                                 "seen": "YES", "p/score": 0.87, "sizes": [{"v": 14.5, "u": "mm"}],
                                 "images": [{"series": "1.2.3.4", "class": "1.2.840.10008.5.1.4.1.1.1.1", "sop": "1.2.3.4.5", "frames": [1]}]},
                                {"label": {"code": "125605004", "system": "SCT", "text": "Fracture of bone"}, "seen": "NO"}]}
                """.formatted(STUDY));
    }

    @Test
    void aVendorsOwnShapeBecomesTheResultModel() throws Exception {
        AlgorithmResult result = ResultMapping.of("mapping", mapping())
                .map(document(), "fracture-xr", "Saga Radiology", "BoneSight XR");

        assertEquals(ResultStatus.POSITIVE, result.status());
        assertEquals(STUDY, result.studyInstanceUid());
        assertEquals("BoneSight", result.reportedName());
        assertEquals("2.3.0", result.reportedVersion());
        assertEquals("Saga Radiology", result.device().manufacturer(), "the catalogue's vendor when none is mapped");
        assertEquals(WorklistPriority.STAT, result.suggestedPriority().orElseThrow());
        Finding present = result.findings().get(0);
        assertEquals("125605004", present.code().value());
        assertEquals("SCT", present.code().scheme(), "a FHIR system URI becomes the DICOM designator");
        assertEquals(Presence.PRESENT, present.presence());
        assertEquals(0.87, present.probability().orElseThrow());
        assertEquals("74670003", present.bodySite().orElseThrow().value());
        assertEquals(new BigDecimal("14.5"), present.measurements().get(0).value());
        assertEquals("mm", present.measurements().get(0).ucumUnit());
        assertEquals("SCT", present.measurements().get(0).concept().scheme());
        assertEquals("1.2.3.4.5", present.references().get(0).sopInstanceUid());
        assertEquals(List.of(1), present.references().get(0).frames());
        assertEquals(Presence.ABSENT, result.findings().get(1).presence());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status|result/verdict|mapping.status: \"result/verdict\" is not a JSON Pointer (RFC 6901): it must be empty or start with /",
            "status|/a~2b|mapping.status: \"/a~2b\" is not a JSON Pointer (RFC 6901): ~ must be followed by 0 or 1",
            "studyInstanceUid||mapping.studyInstanceUid: is required (a JSON Pointer into the vendor's result)",
            "algorithmVersion||mapping.algorithmVersion: is required (a JSON Pointer into the vendor's result)",
            "algorithmVersio|/x|mapping.algorithmVersio: unknown key"})
    void aMappingThatCannotWorkIsRefusedNamingTheKey(String key, String value, String expected) {
        Map<String, Object> mapping = mapping();
        if (value == null) {
            mapping.remove(key);
        } else {
            mapping.put(key, value);
        }
        ConfigBlockException e = assertThrows(ConfigBlockException.class, () -> ResultMapping.of("mapping", mapping));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void nestedMistakesAreNamedToo() {
        Map<String, Object> mapping = mapping();
        @SuppressWarnings("unchecked")
        Map<String, Object> findings = (Map<String, Object>) mapping.get("findings");
        findings.put("statusValues", Map.of("positive", List.of("X")));
        ConfigBlockException e = assertThrows(ConfigBlockException.class, () -> ResultMapping.of("mapping", mapping));
        assertEquals("mapping.findings.statusValues: unknown key", e.getMessage());

        findings.remove("statusValues");
        mapping.put("statusValues", Map.of("sure", List.of("X")));
        e = assertThrows(ConfigBlockException.class, () -> ResultMapping.of("mapping", mapping));
        assertTrue(e.getMessage().startsWith("mapping.statusValues.sure: is not one of [positive, negative"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/result~0verdict|\"MAYBE\"|/result~0verdict: expected one of [positive, negative, inconclusive, failed] or the vendor values",
            "/study/uid|\"../../etc/passwd\"|/study/uid: expected a DICOM UID (digits and dots, at most 64), found \"../../etc/passwd\"",
            "/model/version|null|/model/version: expected a value, found nothing",
            "/detections/0/p~1score|7|/detections/0/p~1score: expected a probability in [0, 1], found 7",
            "/detections/0/sizes/0/u|\"milli metre\"|/detections/0/sizes/0/u: expected a UCUM unit code",
            "/detections/0/sizes/0/v|\"14\"|/detections/0/sizes/0/v: expected a number, found \"14\"",
            "/detections/0/images/0/frames|[0]|/detections/0/images/0/frames/0: expected a frame number (1 or more), found 0",
            "/detections/1/seen|true|/detections/1/seen: expected one of [present, absent, uncertain]",
            "/detections|{}|/detections: expected an array"})
    void aDocumentThatDoesNotFitIsRefusedNamingThePlace(String pointer, String json, String expectedStart)
            throws Exception {
        JsonObject document = document();
        set(document, pointer, json.equals("null") ? null : new JsonObject("{\"v\":" + json + "}").getValue("v"));
        UnfitResultException e = assertThrows(UnfitResultException.class,
                () -> ResultMapping.of("mapping", mapping()).map(document, "fracture-xr", "V", "P"));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    private static void set(JsonObject document, String pointer, Object value) {
        io.vertx.core.json.pointer.JsonPointer.from(pointer).writeJson(document, value);
    }
}
