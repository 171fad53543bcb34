package org.varde.connectors.sink.pacs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the writers copy from the source study so that PACS files the result under the same patient
 * and study (PS3.3 C.7.1.1 Patient and C.7.2.1 General Study modules), re-identified when the route
 * pseudonymised. Values are as they were in the source headers (DA as YYYYMMDD, TM as HHMMSS[.F],
 * PN with ^ components); an unknown value is an empty string, which DICOM writes as a Type 2 empty
 * attribute.
 *
 * @param instances the instances the algorithm was sent: the SR's evidence and image library
 */
public record SourceStudy(String patientName, String patientId, String patientBirthDate, String patientSex,
                          String studyInstanceUid, String studyId, String accessionNumber, String studyDate,
                          String studyTime, String referringPhysicianName, String studyDescription,
                          List<SourceInstance> instances, Optional<RequestedProcedure> requestedProcedure) {
    public SourceStudy {
        Objects.requireNonNull(patientName, "patientName");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(patientBirthDate, "patientBirthDate");
        Objects.requireNonNull(patientSex, "patientSex");
        SourceInstance.requireUid(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(accessionNumber, "accessionNumber");
        Objects.requireNonNull(studyDate, "studyDate");
        Objects.requireNonNull(studyTime, "studyTime");
        Objects.requireNonNull(referringPhysicianName, "referringPhysicianName");
        Objects.requireNonNull(studyDescription, "studyDescription");
        Objects.requireNonNull(requestedProcedure, "requestedProcedure");
        instances = List.copyOf(instances);
    }

    /** Every free text copied from the study: the writers choose the Specific Character Set from them. */
    List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(patientName, patientId, studyId, accessionNumber,
                referringPhysicianName, studyDescription));
        requestedProcedure.ifPresent(p -> {
            texts.add(p.requestedProcedureId());
            texts.add(p.description());
            texts.add(p.placerOrderNumber());
            texts.add(p.fillerOrderNumber());
            p.code().ifPresent(c -> texts.add(c.meaning()));
        });
        return texts;
    }
}
