package org.varde.testdata.sandbox.dicom;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

import org.varde.testdata.Finding;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox vendor's answer (nodule, embolism, opacity or fracture) as a Comprehensive SR following
 * PS3.16 TID 1500 (Measurement Report): the patient and study of the instances it received, the
 * Current Requested Procedure Evidence Sequence listing them, TID 4019 algorithm name and version, and
 * under Imaging Measurements one Measurement Group per finding (TID 1501: Finding, Finding Site,
 * presence, Diameter or Length in mm, certainty, the images it was seen on). No finding: no group; a finding ruled out: a group saying it is absent.
 */
public final class Tid1500Report {
    private Tid1500Report() {
    }

    public static Attributes of(List<ReceivedInstance> received, String studyInstanceUid, String algorithmName,
                                String algorithmVersion, List<ReportedFinding> findings) {
        ReceivedInstance first = received.get(0);
        Attributes sr = new Attributes();
        sr.setString(Tag.SOPClassUID, VR.UI, UID.ComprehensiveSR);
        sr.setString(Tag.SOPInstanceUID, VR.UI, UID.generate());
        sr.setString(Tag.Modality, VR.CS, "SR");
        sr.setString(Tag.Manufacturer, VR.LO, "Varde sandbox");
        sr.setString(Tag.ManufacturerModelName, VR.LO, algorithmName);
        sr.setString(Tag.SoftwareVersions, VR.LO, algorithmVersion);
        sr.setString(Tag.PatientName, VR.PN, first.patientName() == null ? "" : first.patientName());
        sr.setString(Tag.PatientID, VR.LO, first.patientId() == null ? "" : first.patientId());
        sr.setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid);
        sr.setString(Tag.SeriesInstanceUID, VR.UI, UID.generate());
        sr.setString(Tag.SeriesNumber, VR.IS, "9001");
        sr.setString(Tag.InstanceNumber, VR.IS, "1");
        sr.setString(Tag.ValueType, VR.CS, "CONTAINER");
        code(sr.newSequence(Tag.ConceptNameCodeSequence), "126000", "DCM", "Imaging Measurement Report");
        sr.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        Attributes template = new Attributes();
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, "1500");
        sr.newSequence(Tag.ContentTemplateSequence).add(template);
        sr.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        sr.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
        evidence(sr, received);
        List<Attributes> content = sr.newSequence(Tag.ContentSequence);
        content.add(text("HAS OBS CONTEXT", "111001", "Algorithm Name", algorithmName));
        content.add(text("HAS OBS CONTEXT", "111003", "Algorithm Version", algorithmVersion));
        Attributes measurements = container("CONTAINS", "126010", "DCM", "Imaging Measurements");
        List<Attributes> groups = measurements.newSequence(Tag.ContentSequence);
        for (ReportedFinding finding : findings) {
            groups.add(group(finding, received));
        }
        content.add(measurements);
        return sr;
    }

    /**
     * TID 1501: Finding (row 3b) and Finding Site (row 6); its presence as a qualitative evaluation
     * whose concept is the finding and whose value CID 241 "Present-Absent Only" (as Varde's own SR
     * writer says it); a present finding's Diameter or Length (CID 7470 Linear Measurements, UCUM mm,
     * TID 300),
     * its probability as "Certainty of Finding" in percent (CID 6048: PS3.16 has no AI-generic
     * probability concept) and the images it shows on (row 10b, "Source").
     */
    private static Attributes group(ReportedFinding finding, List<ReceivedInstance> received) {
        Code what = Code.of(finding.finding());
        Attributes group = container("CONTAINS", "125007", "DCM", "Measurement Group");
        List<Attributes> items = group.newSequence(Tag.ContentSequence);
        items.add(codeItem("CONTAINS", "121071", "DCM", "Finding", what.value, what.scheme, what.meaning));
        items.add(codeItem("HAS CONCEPT MOD", "363698007", "SCT", "Finding Site", what.siteValue, "SCT",
                what.siteMeaning));
        items.add(codeItem("CONTAINS", what.value, what.scheme, what.meaning,
                finding.present() ? "52101004" : "272519000", "SCT", finding.present() ? "Present" : "Absent"));
        if (!finding.present()) {
            return group;
        }
        items.add(num(what.sizeValue, "SCT", what.sizeMeaning, finding.diameterMm(), "mm", "millimeter"));
        if (finding.probability() != null) {
            items.add(num("111012", "DCM", "Certainty of Finding",
                    finding.probability().multiply(BigDecimal.valueOf(100)).stripTrailingZeros(), "%", "Percent"));
        }
        Map<String, ReceivedInstance> bySop = new HashMap<>();
        received.forEach(i -> bySop.put(i.sopInstanceUid(), i));
        List<ReceivedInstance> seenOn = new ArrayList<>();
        for (String sop : finding.sopInstanceUids()) {
            ReceivedInstance instance = bySop.get(sop);
            if (instance == null) {
                throw new IllegalArgumentException("finding on " + sop + ", an instance the vendor was not sent");
            }
            seenOn.add(instance);
        }
        if (seenOn.isEmpty()) {
            seenOn.add(received.get(received.size() / 2));
        }
        for (ReceivedInstance instance : seenOn) {
            Attributes image = item("CONTAINS", "IMAGE", "260753009", "SCT", "Source");
            Attributes ref = new Attributes();
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, instance.sopClassUid());
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, instance.sopInstanceUid());
            image.newSequence(Tag.ReferencedSOPSequence).add(ref);
            items.add(image);
        }
        return group;
    }

    private static Attributes num(String value, String scheme, String meaning, BigDecimal number, String unit,
                                  String unitMeaning) {
        Attributes num = item("CONTAINS", "NUM", value, scheme, meaning);
        Attributes measured = new Attributes();
        measured.setString(Tag.NumericValue, VR.DS, number.toPlainString());
        // PS3.16 7.2.2: units are UCUM codes, the code value the UCUM expression
        code(measured.newSequence(Tag.MeasurementUnitsCodeSequence), unit, "UCUM", unitMeaning);
        num.newSequence(Tag.MeasuredValueSequence).add(measured);
        return num;
    }

    /**
     * What a finding is called in the report, where it is, and what its size is (CID 7470: a round
     * finding's Diameter, a break line's Length across the bone). The codes are those the sandbox REST
     * vendor's FractureReport gives a fracture as well, so one finding has one code whichever vendor reports it.
     */
    private record Code(String value, String scheme, String meaning, String siteValue, String siteMeaning,
                        String sizeValue, String sizeMeaning) {
        private static final String DIAMETER = "81827009";
        private static final String LENGTH = "410668003";

        static Code of(Finding finding) {
            return switch (finding) {
                case NODULE -> new Code("27925004", "SCT", "Nodule", "39607008", "Lung", DIAMETER, "Diameter");
                case PE -> new Code("59282003", "SCT", "Pulmonary embolism", "81040000", "Pulmonary artery", DIAMETER,
                        "Diameter");
                // a round opacity in a lung field reported as a pulmonary nodule, seen in the lung field
                case OPACITY -> new Code("786838002", "SCT", "Pulmonary nodule", "34922002", "Structure of lung field",
                        DIAMETER, "Diameter");
                // "Fracture of bone", the root of SNOMED CT's fracture disorders, at the wrist the generator draws
                case FRACTURE -> new Code("125605004", "SCT", "Fracture of bone", "74670003", "Wrist joint", LENGTH,
                        "Length");
            };
        }
    }

    /** PS3.3 C.17.2.3: the instances the report is about, by study and series. */
    private static void evidence(Attributes sr, List<ReceivedInstance> received) {
        Map<String, Map<String, List<ReceivedInstance>>> byStudy = new LinkedHashMap<>();
        for (ReceivedInstance i : received) {
            byStudy.computeIfAbsent(i.studyInstanceUid(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(i);
        }
        List<Attributes> studies = sr.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence);
        byStudy.forEach((study, series) -> {
            Attributes s = new Attributes();
            s.setString(Tag.StudyInstanceUID, VR.UI, study);
            List<Attributes> seriesItems = s.newSequence(Tag.ReferencedSeriesSequence);
            series.forEach((uid, instances) -> {
                Attributes item = new Attributes();
                item.setString(Tag.SeriesInstanceUID, VR.UI, uid);
                List<Attributes> sops = item.newSequence(Tag.ReferencedSOPSequence);
                for (ReceivedInstance i : instances) {
                    Attributes sop = new Attributes();
                    sop.setString(Tag.ReferencedSOPClassUID, VR.UI, i.sopClassUid());
                    sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, i.sopInstanceUid());
                    sops.add(sop);
                }
                seriesItems.add(item);
            });
            studies.add(s);
        });
    }

    private static Attributes container(String relationship, String value, String scheme, String meaning) {
        Attributes item = item(relationship, "CONTAINER", value, scheme, meaning);
        item.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        return item;
    }

    private static Attributes text(String relationship, String value, String meaning, String text) {
        Attributes item = item(relationship, "TEXT", value, "DCM", meaning);
        item.setString(Tag.TextValue, VR.UT, text);
        return item;
    }

    private static Attributes codeItem(String relationship, String value, String scheme, String meaning,
                                       String codeValue, String codeScheme, String codeMeaning) {
        Attributes item = item(relationship, "CODE", value, scheme, meaning);
        code(item.newSequence(Tag.ConceptCodeSequence), codeValue, codeScheme, codeMeaning);
        return item;
    }

    private static Attributes item(String relationship, String valueType, String value, String scheme, String meaning) {
        Attributes item = new Attributes();
        item.setString(Tag.RelationshipType, VR.CS, relationship);
        item.setString(Tag.ValueType, VR.CS, valueType);
        code(item.newSequence(Tag.ConceptNameCodeSequence), value, scheme, meaning);
        return item;
    }

    private static void code(List<Attributes> sequence, String value, String scheme, String meaning) {
        Attributes code = new Attributes();
        code.setString(Tag.CodeValue, VR.SH, value);
        code.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        code.setString(Tag.CodeMeaning, VR.LO, meaning);
        sequence.add(code);
    }
}
