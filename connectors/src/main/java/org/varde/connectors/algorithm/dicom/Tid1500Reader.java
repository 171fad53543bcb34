package org.varde.connectors.algorithm.dicom;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.VendorDevice;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Normalises a vendor's TID 1500 Measurement Report (PS3.16 TID 1500, 1501, 300, 4019) into the
 * result model. What it reads:
 * <ul>
 *   <li>the root: a CONTAINER titled (126000, DCM, "Imaging Measurement Report");</li>
 *   <li>TID 4019 Algorithm Identification anywhere in the tree: TEXT (111001, DCM, "Algorithm Name")
 *       and (111003, DCM, "Algorithm Version"). The version decides quarantine; TID 1501 makes TID 4019
 *       optional, so without it the first value of the SR's own Software Versions (0018,1020), the
 *       version of the device that wrote it, is taken;</li>
 *   <li>each (125007, DCM, "Measurement Group") under (126010, DCM, "Imaging Measurements") is one
 *       finding: CODE (121071, DCM, "Finding") is what was found, CODE (363698007, SCT, "Finding
 *       Site") where; a CODE whose value is (52101004, SCT, "Present") or (272519000, SCT, "Absent") (CID 241; also 2667000)
 *       is its presence (present when none is given: a reported finding is a finding); NUM items are measurements (value with its UCUM unit, PS3.16 CID 7181),
 *       except a NUM in unit "1" or "%" titled as a probability or (111012, DCM, "Certainty of
 *       Finding"), which is the finding's probability;
 *       IMAGE items (also under SCOORD) are the images it rests on, their series looked up in the
 *       Current Requested Procedure Evidence Sequence.</li>
 * </ul>
 * Anything else is ignored; a report without the root or without any version is refused
 * ({@link UnusableResultException}), since it cannot be checked against the approved version.
 */
public final class Tid1500Reader {
    static final Code IMAGING_MEASUREMENT_REPORT = new Code("126000", "DCM", "Imaging Measurement Report");
    static final Code IMAGING_MEASUREMENTS = new Code("126010", "DCM", "Imaging Measurements");
    static final Code MEASUREMENT_GROUP = new Code("125007", "DCM", "Measurement Group");
    static final Code FINDING = new Code("121071", "DCM", "Finding");
    static final Code FINDING_SITE = new Code("363698007", "SCT", "Finding Site");
    static final Code ALGORITHM_NAME = new Code("111001", "DCM", "Algorithm Name");
    static final Code ALGORITHM_VERSION = new Code("111003", "DCM", "Algorithm Version");
    // PS3.16 CID 6048: the CAD templates' "Certainty of Finding" (0-100 %), what Varde's own SR writes
    static final Code CERTAINTY_OF_FINDING = new Code("111012", "DCM", "Certainty of Finding");
    static final String PRESENT = "52101004";
    // PS3.16 CID 241 "Present-Absent Only" codes Absent as (272519000, SCT); vendors following the
    // SNOMED CT qualifier value (as FHIR does) send (2667000, SCT): both mean absent
    static final String ABSENT = "272519000";
    static final String ABSENT_QUALIFIER = "2667000";
    // CID 240 "Present-Absent": what Varde's own SR writes for a finding it is not sure of
    static final String UNDETERMINED = "373068000";
    // PS3.16 TID 1500 row 12: findings without measurements, as IHE AIR and Varde's own SR write them
    static final Code QUALITATIVE_EVALUATIONS = new Code("C0034375", "UMLS", "Qualitative Evaluations");
    /** Content items a report may nest: a deeper tree is refused rather than followed. */
    private static final int MAX_DEPTH = 16;

    private Tid1500Reader() {
    }

    /**
     * @param algorithmId the catalogue id of the job the report was matched to
     * @throws UnusableResultException when the data set is not a TID 1500 report Varde can use
     */
    public static AlgorithmResult read(Attributes sr, String algorithmId) throws UnusableResultException {
        try {
            return readReport(sr, algorithmId);
        } catch (RuntimeException e) {
            // a value of the wrong form (a frame number that is no number, an empty code) is the vendor's error
            throw new UnusableResultException("malformed report: " + e.getMessage());
        }
    }

    private static AlgorithmResult readReport(Attributes sr, String algorithmId) throws UnusableResultException {
        if (!"CONTAINER".equals(sr.getString(Tag.ValueType)) || !is(concept(sr), IMAGING_MEASUREMENT_REPORT)) {
            throw new UnusableResultException("not a TID 1500 Imaging Measurement Report: the root is "
                    + sr.getString(Tag.ValueType, "no content item") + " " + describe(concept(sr)));
        }
        String study = sr.getString(Tag.StudyInstanceUID);
        if (study == null) {
            throw new UnusableResultException("the report has no Study Instance UID");
        }
        String name = firstText(sr, ALGORITHM_NAME, 0);
        String version = firstText(sr, ALGORITHM_VERSION, 0);
        if (version == null) {
            version = sr.getString(Tag.SoftwareVersions);
        }
        if (version == null) {
            throw new UnusableResultException("the report names no algorithm version (TID 4019, (111003, DCM)) "
                    + "and no Software Versions (0018,1020)");
        }
        Map<String, String> seriesOfInstance = evidence(sr);
        List<Finding> findings = new ArrayList<>();
        for (Attributes measurements : children(sr, IMAGING_MEASUREMENTS)) {
            for (Attributes group : children(measurements, MEASUREMENT_GROUP)) {
                findings.add(finding(group, null, Presence.PRESENT, seriesOfInstance));
            }
        }
        for (Attributes evaluations : children(sr, QUALITATIVE_EVALUATIONS)) {
            for (Attributes item : seq(evaluations, Tag.ContentSequence)) {
                Finding evaluated = qualitative(item, seriesOfInstance);
                if (evaluated != null) {
                    findings.add(evaluated);
                }
            }
        }
        boolean positive = findings.stream().anyMatch(f -> f.presence() == Presence.PRESENT);
        boolean uncertain = findings.stream().anyMatch(f -> f.presence() == Presence.UNCERTAIN);
        ResultStatus status = positive ? ResultStatus.POSITIVE : uncertain ? ResultStatus.INCONCLUSIVE
                : ResultStatus.NEGATIVE;
        VendorDevice device = new VendorDevice(sr.getString(Tag.Manufacturer, ""),
                sr.getString(Tag.ManufacturerModelName, ""), sr.getString(Tag.SoftwareVersions, version));
        return new AlgorithmResult(algorithmId, name == null ? algorithmId : name, version, device, study, status,
                findings, Optional.empty());
    }

    /**
     * TID 1500 row 13: a CODE item is one evaluation. Its concept is the finding when its value is a
     * presence (CID 240/241), otherwise its value is what was found; site, probability and images are
     * its children as in a measurement group. Text items (row 14, "no finding" in words) carry none.
     */
    private static Finding qualitative(Attributes item, Map<String, String> seriesOfInstance)
            throws UnusableResultException {
        if (!"CODE".equals(item.getString(Tag.ValueType))) {
            return null;
        }
        Code name = concept(item);
        Code value = code(seq(item, Tag.ConceptCodeSequence));
        if (name == null || value == null) {
            throw new UnusableResultException("a qualitative evaluation has no concept name or no value");
        }
        Presence presence = presence(value);
        return presence != null ? finding(item, name, presence, seriesOfInstance)
                : finding(item, value, Presence.PRESENT, seriesOfInstance);
    }

    private static Finding finding(Attributes group, Code given, Presence givenPresence,
                                   Map<String, String> seriesOfInstance) throws UnusableResultException {
        Code found = given;
        Code site = null;
        Presence presence = givenPresence;
        Double probability = null;
        List<Measurement> measurements = new ArrayList<>();
        List<ImageReference> references = new ArrayList<>();
        for (Attributes item : seq(group, Tag.ContentSequence)) {
            String type = item.getString(Tag.ValueType, "");
            Code name = concept(item);
            switch (type) {
                case "CODE" -> {
                    Code value = code(seq(item, Tag.ConceptCodeSequence));
                    if (is(name, FINDING)) {
                        found = value;
                    } else if (is(name, FINDING_SITE)) {
                        site = value;
                    } else if (value != null && presence(value) != null) {
                        presence = presence(value);
                    }
                }
                case "NUM" -> {
                    Measurement m = measurement(item, name);
                    if (m != null && isProbability(name, m.ucumUnit())) {
                        probability = probability(m);
                    } else if (m != null) {
                        measurements.add(m);
                    }
                }
                case "IMAGE", "SCOORD", "SCOORD3D" -> images(item, seriesOfInstance, references, 0);
                default -> {
                    // tracking identifiers, methods, derivations: not part of the normalised finding
                }
            }
        }
        if (found == null) {
            throw new UnusableResultException("a Measurement Group has no Finding (121071, DCM)");
        }
        return new Finding(found, presence, Optional.ofNullable(probability), measurements, Optional.ofNullable(site),
                references);
    }

    private static Presence presence(Code value) {
        if (!"SCT".equals(value.scheme())) {
            return null;
        }
        return switch (value.value()) {
            case PRESENT -> Presence.PRESENT;
            case ABSENT, ABSENT_QUALIFIER -> Presence.ABSENT;
            case UNDETERMINED -> Presence.UNCERTAIN;
            default -> null;
        };
    }

    private static boolean isProbability(Code name, String unit) {
        return name != null && (is(name, CERTAINTY_OF_FINDING)
                || name.meaning().toLowerCase(java.util.Locale.ROOT).contains("probability"))
                && ("1".equals(unit) || "%".equals(unit));
    }

    private static Double probability(Measurement m) throws UnusableResultException {
        double p = m.value().doubleValue() / ("%".equals(m.ucumUnit()) ? 100.0 : 1.0);
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new UnusableResultException("a probability of " + m.value() + " " + m.ucumUnit() + " is outside 0..1");
        }
        return p;
    }

    private static Measurement measurement(Attributes item, Code name) throws UnusableResultException {
        List<Attributes> values = seq(item, Tag.MeasuredValueSequence);
        if (name == null || values.isEmpty()) {
            return null;
        }
        Attributes value = values.get(0);
        String number = value.getString(Tag.NumericValue);
        Code unit = code(seq(value, Tag.MeasurementUnitsCodeSequence));
        if (number == null || unit == null) {
            throw new UnusableResultException("measurement " + describe(name) + " has no value or no unit");
        }
        try {
            return new Measurement(name, new BigDecimal(number.trim()), unit.value());
        } catch (NumberFormatException e) {
            throw new UnusableResultException("measurement " + describe(name) + " is not a number: \"" + number + "\"");
        }
    }

    private static void images(Attributes item, Map<String, String> seriesOfInstance, List<ImageReference> out,
                               int depth) throws UnusableResultException {
        if (depth > MAX_DEPTH) {
            throw new UnusableResultException("content items nested deeper than " + MAX_DEPTH);
        }
        for (Attributes ref : seq(item, Tag.ReferencedSOPSequence)) {
            String sop = ref.getString(Tag.ReferencedSOPInstanceUID);
            String sopClass = ref.getString(Tag.ReferencedSOPClassUID);
            if (sop != null && sopClass != null) {
                List<Integer> frames = new ArrayList<>();
                String[] numbers = ref.getStrings(Tag.ReferencedFrameNumber);
                for (String n : numbers == null ? new String[0] : numbers) {
                    frames.add(Integer.parseInt(n.trim()));
                }
                out.add(new ImageReference(seriesOfInstance.getOrDefault(sop, ""), sopClass, sop, frames));
            }
        }
        for (Attributes child : seq(item, Tag.ContentSequence)) {
            images(child, seriesOfInstance, out, depth + 1);
        }
    }

    /** SOP Instance → Series Instance UID, from the Current Requested Procedure Evidence Sequence. */
    private static Map<String, String> evidence(Attributes sr) {
        Map<String, String> series = new HashMap<>();
        for (Attributes study : seq(sr, Tag.CurrentRequestedProcedureEvidenceSequence)) {
            for (Attributes s : seq(study, Tag.ReferencedSeriesSequence)) {
                String uid = s.getString(Tag.SeriesInstanceUID);
                for (Attributes i : seq(s, Tag.ReferencedSOPSequence)) {
                    String sop = i.getString(Tag.ReferencedSOPInstanceUID);
                    if (uid != null && sop != null) {
                        series.put(sop, uid);
                    }
                }
            }
        }
        return series;
    }

    private static String firstText(Attributes item, Code concept, int depth) throws UnusableResultException {
        if (depth > MAX_DEPTH) {
            throw new UnusableResultException("content items nested deeper than " + MAX_DEPTH);
        }
        for (Attributes child : seq(item, Tag.ContentSequence)) {
            if ("TEXT".equals(child.getString(Tag.ValueType)) && is(concept(child), concept)) {
                String text = child.getString(Tag.TextValue);
                if (text != null && !text.isBlank()) {
                    return text.trim();
                }
            }
            String deeper = firstText(child, concept, depth + 1);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /** A sequence's items; none when it is absent. */
    private static List<Attributes> seq(Attributes item, int tag) {
        List<Attributes> items = item.getSequence(tag);
        return items == null ? List.of() : items;
    }

    private static List<Attributes> children(Attributes item, Code concept) {
        return seq(item, Tag.ContentSequence).stream().filter(c -> is(concept(c), concept)).toList();
    }

    private static Code concept(Attributes item) {
        return code(seq(item, Tag.ConceptNameCodeSequence));
    }

    private static Code code(List<Attributes> sequence) {
        if (sequence.isEmpty()) {
            return null;
        }
        Attributes c = sequence.get(0);
        String value = c.getString(Tag.CodeValue);
        String scheme = c.getString(Tag.CodingSchemeDesignator);
        if (value == null || scheme == null || value.isBlank() || scheme.isBlank()) {
            return null;
        }
        return new Code(value.trim(), scheme.trim(), c.getString(Tag.CodeMeaning, "").trim());
    }

    private static boolean is(Code code, Code expected) {
        return code != null && code.value().equals(expected.value()) && code.scheme().equals(expected.scheme());
    }

    private static String describe(Code code) {
        return code == null ? "without a concept name" : "(" + code.value() + ", " + code.scheme() + ", \""
                + code.meaning() + "\")";
    }
}
