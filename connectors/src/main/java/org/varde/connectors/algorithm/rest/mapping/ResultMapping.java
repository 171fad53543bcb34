package org.varde.connectors.algorithm.rest.mapping;

import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.VendorDevice;
import org.varde.connectors.result.WorklistPriority;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one vendor's JSON result becomes Varde's result model, written in the catalogue as JSON Pointers
 * (RFC 6901) instead of code per vendor:
 * <pre>
 * mapping:
 *   status: /outcome                       # required; words positive|negative|inconclusive|failed
 *   statusValues: {positive: [FRACTURE], negative: [NO_FRACTURE], failed: [ERROR]}
 *   studyInstanceUid: /study/uid           # required: a result about another study is refused
 *   algorithmName: /model/name
 *   algorithmVersion: /model/version       # required: compared with approvedVersion
 *   manufacturer: /vendor
 *   suggestedPriority: /triage             # words routine|urgent|asap|stat (FHIR request-priority)
 *   priorityValues: {stat: [CRITICAL]}
 *   findings:
 *     array: /detections                   # the pointers below are inside each element
 *     code: {value: /label/code, system: /label/system, display: /label/text}   # or {fixed: {...}}
 *     presence: /present                   # boolean, or words present|absent|uncertain (presenceValues)
 *     probability: /confidence             # a number in [0, 1]
 *     bodySite: {fixed: {value: "74670003", system: SCT, display: Wrist joint}}
 *     measurements: {array: /sizes, concept: {...}, value: /mm, unit: /unit}      # UCUM unit codes
 *     references: {array: /images, seriesInstanceUid: /series, sopClassUid: /class, sopInstanceUid: /sop, frames: /frames}
 * </pre>
 * Read whole when the catalogue is loaded: a pointer that is not RFC 6901, a missing required key or
 * an unknown one refuses the catalogue naming the key. A document that does not fit (a required value
 * missing, a probability of 7, a unit with a space) is an {@link UnfitResultException} naming the place.
 */
public final class ResultMapping {
    private static final List<String> STATUS_WORDS = List.of("positive", "negative", "inconclusive", "failed");
    private static final List<String> PRIORITY_WORDS = List.of("routine", "urgent", "asap", "stat");

    private final Pointer status;
    private final Map<String, String> statusValues;
    private final Pointer study;
    private final Pointer name;
    private final Pointer version;
    private final Pointer manufacturer;
    private final Pointer priority;
    private final Map<String, String> priorityValues;
    private final FindingMapping findings;

    private ResultMapping(MappingBlock block) throws ConfigBlockException {
        status = block.requiredPointer("status");
        statusValues = block.words("statusValues", STATUS_WORDS);
        study = block.requiredPointer("studyInstanceUid");
        name = block.pointer("algorithmName");
        version = block.requiredPointer("algorithmVersion");
        manufacturer = block.pointer("manufacturer");
        priority = block.pointer("suggestedPriority");
        priorityValues = block.words("priorityValues", PRIORITY_WORDS);
        MappingBlock f = block.block("findings");
        findings = f == null ? null : FindingMapping.read(f);
        block.refuseUnknownKeys();
    }

    /** The {@code key} block of a catalogue entry's endpoint (required). */
    public static ResultMapping read(ConfigBlock endpoint, String key) throws ConfigBlockException {
        Map<String, Object> values = endpoint.plainMapping(key);
        if (values == null) {
            throw endpoint.problem(key, "is required: JSON Pointers from the vendor's result to Varde's result model");
        }
        return of(endpoint.keyPath(key), values);
    }

    /** A mapping from plain values (tests, tools); {@code path} prefixes the key in messages. */
    public static ResultMapping of(String path, Map<String, Object> values) throws ConfigBlockException {
        return new ResultMapping(new MappingBlock(path, values));
    }

    /**
     * @param document        the vendor's JSON, decoded (a JsonObject or JsonArray)
     * @param algorithmId     the catalogue id of the algorithm asked
     * @param catalogueVendor the catalogue's vendor, when the vendor names no manufacturer
     * @param catalogueName   the catalogue's product, when the vendor names no algorithm
     */
    public AlgorithmResult map(Object document, String algorithmId, String catalogueVendor, String catalogueName)
            throws UnfitResultException {
        ResultStatus verdict = ResultStatus.valueOf(
                Values.word(document, "", status, statusValues, STATUS_WORDS, true).toUpperCase(Locale.ROOT));
        String studyUid = Values.uid(document, "", study);
        String reportedName = Optional.ofNullable(Values.text(document, "", name, false)).orElse(catalogueName);
        String reportedVersion = Values.text(document, "", version, true);
        String maker = Optional.ofNullable(Values.text(document, "", manufacturer, false)).orElse(catalogueVendor);
        Optional<WorklistPriority> suggested = Optional.ofNullable(
                Values.word(document, "", priority, priorityValues, PRIORITY_WORDS, false))
                .map(WorklistPriority::fromFhirCode);
        List<Finding> found = findings == null ? List.of() : findings.in(document);
        return new AlgorithmResult(algorithmId, reportedName, reportedVersion,
                new VendorDevice(maker, reportedName, reportedVersion), studyUid, verdict, found, suggested);
    }
}
