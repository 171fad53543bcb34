package org.varde.gateway.assembly;

import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.store.InstanceRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A journaled instance as routing facts: its header values by DICOM keyword (PS3.6), the calling AE
 * under {@link StudyFacts#CALLING_AE}. Absent values are left out.
 */
public final class InstanceKeywords {
    private InstanceKeywords() {
    }

    public static Map<String, String> of(InstanceRecord r) {
        Map<String, String> k = new LinkedHashMap<>();
        put(k, "StudyInstanceUID", r.studyInstanceUid());
        put(k, "SeriesInstanceUID", r.seriesInstanceUid());
        put(k, "SOPInstanceUID", r.sopInstanceUid());
        put(k, "SOPClassUID", r.sopClassUid());
        put(k, "PatientBirthDate", r.patientBirthDate());
        put(k, "PatientSex", r.patientSex());
        put(k, "PatientAge", r.patientAge());
        put(k, "AccessionNumber", r.accessionNumber());
        put(k, "Modality", r.modality());
        put(k, "BodyPartExamined", r.bodyPartExamined());
        put(k, "StudyDescription", r.studyDescription());
        put(k, "SeriesDescription", r.seriesDescription());
        put(k, "ImageType", r.imageType());
        put(k, "SliceThickness", r.sliceThickness() == null ? null : decimal(r.sliceThickness()));
        put(k, "ViewPosition", r.viewPosition());
        put(k, "InstitutionName", r.institutionName());
        put(k, "StationName", r.stationName());
        put(k, "Manufacturer", r.manufacturer());
        put(k, StudyFacts.CALLING_AE, r.callingAeTitle());
        return k;
    }

    /** 1.0 reads "1", as a DS value would be written, so {@code equals 1} and ranges both work. */
    static String decimal(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void put(Map<String, String> keywords, String keyword, String value) {
        if (value != null && !value.isBlank()) {
            keywords.put(keyword, value.trim());
        }
    }
}
