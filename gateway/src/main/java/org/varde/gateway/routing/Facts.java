package org.varde.gateway.routing;

import java.util.List;
import java.util.Optional;

/** What a condition can ask about: a whole study, or one series seen within its study. */
public interface Facts {

    /**
     * The values of the attribute with this DICOM keyword ({@code Modality}, {@code ImageType}),
     * a multi-valued string split at its backslashes (PS3.5 6.4); empty when absent.
     */
    List<String> values(String keyword);

    /** The patient's age at the time of the study, when the header says or implies it. */
    Optional<PatientAge> age();

    /** {@code study} or {@code series 3}: where a reason was found. */
    String scope();
}
