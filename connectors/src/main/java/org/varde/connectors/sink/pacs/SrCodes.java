package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.Code;

import java.util.Map;

/**
 * Every coded concept the SR writer uses, each with the PS3.16 table (template row or context group)
 * it comes from. docs/results.md lists the same table for readers of the SR.
 */
final class SrCodes {
    private SrCodes() {
    }

    // PS3.16 TID 1500 row 1, CID 7021 "Measurement Report Document Title"
    static final Code IMAGING_MEASUREMENT_REPORT = dcm("126000", "Imaging Measurement Report");
    // PS3.16 TID 1204 row 1; value from CID 5000 "Language" (RFC 5646 tag)
    static final Code LANGUAGE_OF_CONTENT = dcm("121049", "Language of Content Item and Descendants");
    static final Code ENGLISH_US = new Code("en-US", "RFC5646", "English (United States)");
    // PS3.16 TID 1002 row 1; value from CID 270 "Observer Type"
    static final Code OBSERVER_TYPE = dcm("121005", "Observer Type");
    static final Code DEVICE = dcm("121007", "Device");
    // PS3.16 TID 1004 rows 1-4 "Device Observer Identifying Attributes"
    static final Code DEVICE_OBSERVER_UID = dcm("121012", "Device Observer UID");
    static final Code DEVICE_OBSERVER_NAME = dcm("121013", "Device Observer Name");
    static final Code DEVICE_OBSERVER_MANUFACTURER = dcm("121014", "Device Observer Manufacturer");
    static final Code DEVICE_OBSERVER_MODEL_NAME = dcm("121015", "Device Observer Model Name");
    // PS3.16 TID 1500 row 4; default value from CID 100 "Quantitative Diagnostic Imaging Procedure"
    static final Code PROCEDURE_REPORTED = dcm("121058", "Procedure reported");
    static final Code IMAGING_PROCEDURE = new Code("363679005", "SCT", "Imaging procedure");
    // PS3.16 TID 1600 rows 1-2 "Image Library"
    static final Code IMAGE_LIBRARY = dcm("111028", "Image Library");
    static final Code IMAGE_LIBRARY_GROUP = dcm("126200", "Image Library Group");
    // PS3.16 TID 1500 row 6 and row 12
    static final Code IMAGING_MEASUREMENTS = dcm("126010", "Imaging Measurements");
    static final Code QUALITATIVE_EVALUATIONS = new Code("C0034375", "UMLS", "Qualitative Evaluations");
    // PS3.16 TID 1501 rows 1, 2, 3, 3b and 6 "Measurement and Qualitative Evaluation Group"
    static final Code MEASUREMENT_GROUP = dcm("125007", "Measurement Group");
    static final Code TRACKING_IDENTIFIER = dcm("112039", "Tracking Identifier");
    static final Code TRACKING_UID = dcm("112040", "Tracking Unique Identifier");
    static final Code FINDING = dcm("121071", "Finding");
    /** PS3.16 Annex D, DCM 121106 "Comment": the reviewer's statement in the Qualitative Evaluations. */
    static final Code COMMENT = dcm("121106", "Comment");
    static final Code FINDING_SITE = new Code("363698007", "SCT", "Finding Site");
    // PS3.16 TID 1501 row 10b: the images the group was derived from (concept as highdicom's
    // SourceImageForMeasurementGroup names it)
    static final Code SOURCE = new Code("260753009", "SCT", "Source");
    // PS3.16 TID 300 row 8 / TID 320 row 1: the image a measurement was made on
    static final Code SOURCE_OF_MEASUREMENT = dcm("121112", "Source of Measurement");
    // PS3.16 TID 4019 rows 1-2 "Algorithm Identification"
    static final Code ALGORITHM_NAME = dcm("111001", "Algorithm Name");
    static final Code ALGORITHM_VERSION = dcm("111003", "Algorithm Version");
    // The algorithm's probability that the finding is true. PS3.16 has no AI-generic "probability"
    // concept; CID 6048 "CAD Operating Point Axis Label" and the CAD finding templates (TID 4006)
    // give "Certainty of Finding" in percent, 0-100. (111047 "Probability of cancer" in the same group
    // is specific to cancer, so it would be wrong for, say, a pulmonary embolism.)
    static final Code CERTAINTY_OF_FINDING = dcm("111012", "Certainty of Finding");
    // CID 241 "Present-Absent Only"; UNCERTAIN as "Undetermined" from CID 230 "Yes-No"
    static final Code PRESENT = new Code("52101004", "SCT", "Present");
    static final Code ABSENT = new Code("272519000", "SCT", "Absent");
    static final Code UNDETERMINED = new Code("373068000", "SCT", "Undetermined");
    // PS3.3 C.12.1.1.5 Contributing Equipment: Purpose of Reference from CID 7005
    static final Code PROCESSING_EQUIPMENT = dcm("109102", "Processing Equipment");

    // UCUM units as PS3.16 7.2.2 writes them: code value the UCUM expression, meaning its name
    private static final Map<String, String> UNIT_MEANINGS = Map.ofEntries(
            Map.entry("mm", "millimeter"), Map.entry("cm", "centimeter"), Map.entry("mm2", "square millimeter"),
            Map.entry("cm2", "square centimeter"), Map.entry("mm3", "cubic millimeter"),
            Map.entry("cm3", "cubic centimeter"), Map.entry("ml", "milliliter"), Map.entry("mL", "milliliter"),
            Map.entry("[hnsf'U]", "Hounsfield unit"), Map.entry("%", "Percent"), Map.entry("1", "no units"),
            Map.entry("s", "second"), Map.entry("ms", "millisecond"), Map.entry("g", "gram"));

    static final Code PERCENT = unit("%");

    /** A UCUM unit as a code (PS3.16 7.2.2: coding scheme UCUM). */
    static Code unit(String ucum) {
        return new Code(ucum, "UCUM", UNIT_MEANINGS.getOrDefault(ucum, ucum));
    }

    private static Code dcm(String value, String meaning) {
        return new Code(value, "DCM", meaning);
    }
}
