package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.VR;

import java.util.ArrayList;
import java.util.List;

/**
 * What a de-identified instance says about itself (PS3.3 C.7.1.1 Patient Identity Removed,
 * De-identification Method and its Code Sequence with codes of CID 7050; PS3.3 C.12.1 Longitudinal
 * Temporal Information Modified), so the vendor and anyone after can tell what was done.
 */
public final class DeidentificationMarks {
    /** CID 7050 codes (coding scheme DCM) of the profile and the options Varde applies. */
    public static final String BASIC_PROFILE = "113100";
    public static final String RETAIN_MODIFIED_DATES = "113107";
    public static final String RETAIN_PATIENT_CHARACTERISTICS = "113108";
    public static final String RETAIN_SAFE_PRIVATE = "113111";

    private DeidentificationMarks() {
    }

    static void add(Attributes header, DeidentificationOptions options) {
        List<String[]> codes = codes(options);
        List<String> methods = new ArrayList<>();
        methods.add("Varde: PS3.15 E.1 Basic Profile");
        for (String[] code : codes.subList(1, codes.size())) {
            methods.add(code[1]);
        }
        header.setString(Deidentifier.PATIENT_IDENTITY_REMOVED, VR.CS, "YES");
        header.setString(Deidentifier.DEIDENTIFICATION_METHOD, VR.LO, methods.toArray(String[]::new));
        List<Attributes> items = header.newSequence(Deidentifier.DEIDENTIFICATION_METHOD_CODE_SEQUENCE);
        for (String[] code : codes) {
            Attributes item = new Attributes();
            item.setString(0x00080100, VR.SH, code[0]);
            item.setString(0x00080102, VR.SH, "DCM");
            item.setString(0x00080104, VR.LO, code[1]);
            items.add(item);
        }
        // PS3.15 E.1.1: REMOVED when no Retain Longitudinal Temporal Information Option applies
        header.setString(Deidentifier.LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, VR.CS,
                options.dates() == DateHandling.SHIFT ? "MODIFIED" : "REMOVED");
    }

    /** Code value and meaning, the profile first. */
    public static List<String[]> codes(DeidentificationOptions options) {
        List<String[]> codes = new ArrayList<>();
        codes.add(new String[] {BASIC_PROFILE, "Basic Application Confidentiality Profile"});
        if (options.dates() == DateHandling.SHIFT) {
            codes.add(new String[] {RETAIN_MODIFIED_DATES, "Retain Longitudinal Temporal Information Modified Dates Option"});
        }
        codes.add(new String[] {RETAIN_PATIENT_CHARACTERISTICS, "Retain Patient Characteristics Option"});
        if (!options.keepPrivate().isEmpty()) {
            codes.add(new String[] {RETAIN_SAFE_PRIVATE, "Retain Safe Private Option"});
        }
        return codes;
    }
}
