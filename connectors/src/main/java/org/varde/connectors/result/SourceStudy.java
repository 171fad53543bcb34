package org.varde.connectors.result;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The source study a result is about, as the journal knows it (original identity, never the
 * pseudonym): what a result sink needs to file the result under the right patient and order.
 *
 * @param studyInstanceUid   (0020,000D)
 * @param patientId          (0010,0020)
 * @param issuerOfPatientId  (0010,0021), when the modality sent one
 * @param patientName        (0010,0010) in DICOM PN form ({@code Family^Given}), if known
 * @param birthDate          (0010,0030), if known
 * @param sex                (0010,0040): M, F, O, or empty
 * @param accessionNumber    (0008,0050): the RIS order's filler number, if the modality sent one
 * @param studyDescription   (0008,1030), if any
 * @param placerOrderNumber  (0040,2016) Placer Order Number / Imaging Service Request, if sent
 * @param fillerOrderNumber  (0040,2017) Filler Order Number / Imaging Service Request, if sent
 */
public record SourceStudy(String studyInstanceUid, String patientId, Optional<String> issuerOfPatientId,
                          Optional<String> patientName, Optional<LocalDate> birthDate, Optional<String> sex,
                          Optional<String> accessionNumber, Optional<String> studyDescription,
                          Optional<String> placerOrderNumber, Optional<String> fillerOrderNumber) {
    public SourceStudy {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(issuerOfPatientId, "issuerOfPatientId");
        Objects.requireNonNull(patientName, "patientName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(accessionNumber, "accessionNumber");
        Objects.requireNonNull(studyDescription, "studyDescription");
        Objects.requireNonNull(placerOrderNumber, "placerOrderNumber");
        Objects.requireNonNull(fillerOrderNumber, "fillerOrderNumber");
    }
}
