package org.varde.testdata.sandbox.dicomweb;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox DICOMweb vendor answers a study it received: it runs its detector and stores a
 * TID 1500 SR at Varde's STOW-RS endpoint with a vendor token, or misbehaves as told.
 *
 * @param resultsUrl    Varde's DICOMweb base URL; the SR goes to {@code resultsUrl + /studies}
 * @param token         the vendor token Varde made for this algorithm (its name is the algorithm id)
 * @param algorithmName TID 4019 Algorithm Name
 * @param version       TID 4019 Algorithm Version: the catalogue's approved one unless told otherwise
 * @param slowBy        how long a {@link Misbehaviour#SLOW} vendor waits before its STOW-RS answer
 */
public record WebAnswer(URI resultsUrl, String token, String algorithmName, String version, Duration slowBy) {
    /** What the vendor can be told to do wrong. */
    public enum Misbehaviour {
        /** Stores the study, answers 200, pushes its result. */
        NONE,
        /** Answers the STOW-RS request only after {@link WebAnswer#slowBy}, then pushes its result. */
        SLOW,
        /** Answers the STOW-RS request with HTTP 500 and an error body; no result. */
        HTTP_500,
        /** Never answers the STOW-RS request. */
        HANG,
        /** Pushes an SR that is no TID 1500 report. */
        GARBAGE,
        /** Pushes a result about a study it was never sent. */
        WRONG_STUDY,
        /** Reports another algorithm version than the approved one. */
        OTHER_VERSION,
        /** Takes the study and never sends a result. */
        SILENT,
        /** Polled: never answers a QIDO-RS query about the study. */
        QUERY_HANG,
        /** Polled: answers WADO-RS with a body that is no multipart DICOM (a broken boundary). */
        BROKEN_MULTIPART,
        /** Polled: answers WADO-RS with an instance part that never ends short of 65 MiB. */
        ENORMOUS
    }

    /**
     * A vendor that keeps its result for Varde to fetch (QIDO-RS, WADO-RS) rather than pushing it:
     * there is no results URL nor token.
     */
    public static WebAnswer kept(String algorithmName, String version) {
        return new WebAnswer(URI.create("urn:varde:polled"), "", algorithmName, version, Duration.ofSeconds(2));
    }

    public WebAnswer {
        Objects.requireNonNull(resultsUrl, "resultsUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(algorithmName, "algorithmName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(slowBy, "slowBy");
    }
}
