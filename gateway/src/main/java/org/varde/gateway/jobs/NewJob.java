package org.varde.gateway.jobs;

import org.varde.gateway.routing.RouteMode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What the router asks for: run {@code algorithmId} on the selected series of a study. One job
 * exists per (study, algorithm, generation); asking again returns the same job.
 *
 * @param generation  1 for the first complete study, +1 for each follow-up routed again
 * @param maxAttempts failed attempts after which the job is DEAD_LETTER
 */
public record NewJob(String studyInstanceUid, String algorithmId, String routeName, RouteMode mode,
                     int generation, List<String> selectedSeries, int maxAttempts) {
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public NewJob {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(algorithmId, "algorithmId");
        Objects.requireNonNull(routeName, "routeName");
        Objects.requireNonNull(mode, "mode");
        selectedSeries = List.copyOf(selectedSeries);
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1, was " + generation);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    public NewJob(String studyInstanceUid, String algorithmId, String routeName, RouteMode mode,
                  int generation, List<String> selectedSeries) {
        this(studyInstanceUid, algorithmId, routeName, mode, generation, selectedSeries, DEFAULT_MAX_ATTEMPTS);
    }

    /** The key this job sends to the vendor: see {@link #idempotencyKey(String, String, int)}. */
    public String idempotencyKey() {
        return idempotencyKey(studyInstanceUid, algorithmId, generation);
    }

    /**
     * The same for every retry and every node, different for each (study, algorithm, generation).
     * A hash, not the UIDs themselves: the key leaves the hospital with the dispatch, and when the
     * algorithm gets pseudonymised data the real Study Instance UID must not travel beside it.
     */
    public static String idempotencyKey(String studyInstanceUid, String algorithmId, int generation) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // NUL cannot occur in a UID or an algorithm id, so the three parts cannot run together
            byte[] digest = sha256.digest((studyInstanceUid + '\0' + algorithmId + '\0' + generation)
                    .getBytes(StandardCharsets.UTF_8));
            return "varde-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256 (java.security.MessageDigest javadoc)
            throw new IllegalStateException(e);
        }
    }
}
