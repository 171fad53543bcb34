package org.varde.connectors.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One algorithm's answer about one study, normalised from whatever the vendor sent.
 *
 * @param algorithmId        the catalogue id of the algorithm that was asked
 * @param reportedName       the algorithm name the vendor reported (TID 4019 Algorithm Name), or the
 *                           catalogue's when the vendor reported none
 * @param reportedVersion    the version the vendor reported (TID 4019 Algorithm Version); compared with
 *                           the catalogue's approved version before anything is delivered
 * @param device             manufacturer, model and software version of what produced the result
 * @param studyInstanceUid   the source study (as Varde knows it: re-identified when pseudonymised)
 * @param status             the overall verdict
 * @param findings           what was found or ruled out; empty for a negative or failed result
 * @param suggestedPriority  the worklist priority the vendor suggests, if it suggests one
 */
public record AlgorithmResult(String algorithmId, String reportedName, String reportedVersion, VendorDevice device,
                              String studyInstanceUid, ResultStatus status, List<Finding> findings,
                              Optional<WorklistPriority> suggestedPriority) {
    public AlgorithmResult {
        Objects.requireNonNull(algorithmId, "algorithmId");
        Objects.requireNonNull(reportedName, "reportedName");
        Objects.requireNonNull(reportedVersion, "reportedVersion");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(suggestedPriority, "suggestedPriority");
        findings = List.copyOf(findings);
    }

    /** The findings the algorithm says are there (presence {@link Presence#PRESENT}). */
    public List<Finding> presentFindings() {
        return findings.stream().filter(f -> f.presence() == Presence.PRESENT).toList();
    }
}
