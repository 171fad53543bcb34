package org.varde.testdata.sandbox.dicom;

import java.util.List;
import java.util.Objects;

/**
 * How the sandbox vendor answers a dispatch: it sends a TID 1500 SR by C-STORE to Varde's results AE
 * once the association that brought the study is released.
 *
 * @param host            Varde's DICOM listener
 * @param calledAeTitle   Varde's results AE title ({@code VARDE_RESULTS} by default)
 * @param callingAeTitle  the vendor's own AE title, as Varde's catalogue knows it
 * @param algorithmName   TID 4019 Algorithm Name
 * @param version         TID 4019 Algorithm Version (the catalogue's approved one, unless told otherwise)
 * @param findings        what it reports (none: a negative report)
 * @param misbehaviour    what it does wrong, if anything
 */
public record ResultsAnswer(String host, int port, String calledAeTitle, String callingAeTitle,
                            String algorithmName, String version, List<ReportedFinding> findings,
                            Misbehaviour misbehaviour) {
    /** What a sandbox vendor can be told to do wrong with its result. */
    public enum Misbehaviour {
        /** Answers properly. */
        NONE,
        /** Never answers: Varde's deadline must catch it. */
        SILENT,
        /** Answers with an SR that is no TID 1500 report. */
        GARBAGE,
        /** Answers about a study it was never sent. */
        WRONG_STUDY,
        /** Reports another algorithm version than the one it was told (the approved one). */
        OTHER_VERSION
    }

    public ResultsAnswer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        Objects.requireNonNull(algorithmName, "algorithmName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(misbehaviour, "misbehaviour");
        findings = List.copyOf(findings);
    }

    public ResultsAnswer misbehaving(Misbehaviour how) {
        return new ResultsAnswer(host, port, calledAeTitle, callingAeTitle, algorithmName, version, findings, how);
    }
}
