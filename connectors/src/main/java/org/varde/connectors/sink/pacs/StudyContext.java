package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.SourceStudy;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the PACS writers copy from the source study so that PACS files the result under the same
 * patient and study (PS3.3 C.7.1.1 Patient, C.7.2.1 General Study): the study as every sink knows it
 * (original identity, never the pseudonym), plus what only DICOM needs. DICOM values are as in the
 * source headers (DA as YYYYMMDD, TM as HHMMSS[.F], PN with ^ components); an unknown one is an empty
 * string, written as an empty Type 2 attribute.
 *
 * @param study                  the source study as the journal knows it
 * @param studyId                (0020,0010)
 * @param studyDate              (0008,0020)
 * @param studyTime              (0008,0030)
 * @param referringPhysicianName (0008,0090)
 * @param instances              the instances the algorithm was sent: the SR's evidence and image library
 * @param requestedProcedure     the order's requested procedure, when the source carried it
 */
public record StudyContext(SourceStudy study, String studyId, String studyDate, String studyTime,
                           String referringPhysicianName, List<SourceInstance> instances,
                           Optional<RequestedProcedure> requestedProcedure) {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");

    public StudyContext {
        Objects.requireNonNull(study, "study");
        SourceInstance.requireUid(study.studyInstanceUid(), "studyInstanceUid");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(studyDate, "studyDate");
        Objects.requireNonNull(studyTime, "studyTime");
        Objects.requireNonNull(referringPhysicianName, "referringPhysicianName");
        Objects.requireNonNull(requestedProcedure, "requestedProcedure");
        instances = List.copyOf(instances);
    }

    public String studyInstanceUid() {
        return study.studyInstanceUid();
    }

    String patientName() {
        return study.patientName().orElse("");
    }

    String patientBirthDate() {
        return study.birthDate().map(DA::format).orElse("");
    }

    String accessionNumber() {
        return study.accessionNumber().orElse("");
    }

    String studyDescription() {
        return study.studyDescription().orElse("");
    }

    /** Every free text copied from the study: the writers choose the Specific Character Set from them. */
    List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(patientName(), study.patientId(), studyId, accessionNumber(),
                referringPhysicianName, studyDescription(), study.issuerOfPatientId().orElse(""),
                study.placerOrderNumber().orElse(""), study.fillerOrderNumber().orElse("")));
        requestedProcedure.ifPresent(p -> {
            texts.add(p.requestedProcedureId());
            texts.add(p.description());
            p.code().ifPresent(c -> texts.add(c.meaning()));
        });
        return texts;
    }
}
