package org.varde.testdata.sandbox.dicom;

import org.varde.testdata.Finding;

import java.util.List;
import java.util.Objects;

/**
 * How the sandbox vendor answers a dispatch: it sends a TID 1500 SR by C-STORE to Varde's results AE
 * once the association that brought the study is released. What it reports is either what it is told
 * ({@code findings}) or, when it {@linkplain #detecting detects}, what the sandbox detector of that
 * finding sees in the pixels of the instances it received.
 *
 * @param host            Varde's DICOM listener
 * @param calledAeTitle   Varde's results AE title ({@code VARDE_RESULTS} by default)
 * @param callingAeTitle  the vendor's own AE title, as Varde's catalogue knows it
 * @param algorithmName   TID 4019 Algorithm Name
 * @param version         TID 4019 Algorithm Version (the catalogue's approved one, unless told otherwise)
 * @param findings        what it reports when told (none: a negative report); ignored when it detects
 * @param misbehaviour    what it does wrong, if anything
 * @param detects         the finding whose detector reads the received pixels; null: report {@code findings}
 */
public record ResultsAnswer(String host, int port, String calledAeTitle, String callingAeTitle,
                            String algorithmName, String version, List<ReportedFinding> findings,
                            Misbehaviour misbehaviour, Finding detects) {
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
        OTHER_VERSION,
        /** Sends its SR cut short: the data set ends in the middle of its content tree. */
        TRUNCATED
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

    /** Reports {@code findings} as told, whatever the pixels show. */
    public ResultsAnswer(String host, int port, String calledAeTitle, String callingAeTitle, String algorithmName,
                         String version, List<ReportedFinding> findings, Misbehaviour misbehaviour) {
        this(host, port, calledAeTitle, callingAeTitle, algorithmName, version, findings, misbehaviour, null);
    }

    /**
     * Runs the detector of {@code finding} on the instances each dispatch brought (kept in the
     * vendor's spool until it has answered) and reports what it found, present or absent.
     */
    public static ResultsAnswer detecting(Finding finding, String host, int port, String calledAeTitle,
                                          String callingAeTitle, String algorithmName, String version) {
        return new ResultsAnswer(host, port, calledAeTitle, callingAeTitle, algorithmName, version, List.of(),
                Misbehaviour.NONE, Objects.requireNonNull(finding, "finding"));
    }

    public ResultsAnswer misbehaving(Misbehaviour how) {
        return new ResultsAnswer(host, port, calledAeTitle, callingAeTitle, algorithmName, version, findings, how,
                detects);
    }
}
