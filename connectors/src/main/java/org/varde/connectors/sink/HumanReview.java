package org.varde.connectors.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a person did with a result before it went out, as every sink states it: nothing (the route
 * asks for no review), approved by a named reviewer, or released unreviewed because the route says
 * {@code onTimeout: release} and nobody decided in time.
 *
 * @param kind         which of the three
 * @param reviewer     who approved (a display name; for DICOM a PN value); empty unless approved
 * @param organisation the reviewer's organisation (PS3.3 C.17.2 Verifying Organization); empty unless approved
 * @param at           when the decision or the release happened; {@code null} for {@link Kind#NONE}
 * @param waited       how long the result waited before a release on timeout; {@code null} otherwise
 */
public record HumanReview(Kind kind, String reviewer, String organisation, Instant at, Duration waited) {

    public enum Kind {
        /** No review asked for: the result goes out as the algorithm's, unverified. */
        NONE,
        /** A reviewer approved it: it goes out as verified by them. */
        APPROVED,
        /** Nobody decided within the alert time and the route releases on timeout: unverified, and said so. */
        RELEASED_ON_TIMEOUT
    }

    private static final HumanReview NONE = new HumanReview(Kind.NONE, "", "", null, null);

    public HumanReview {
        Objects.requireNonNull(kind, "kind");
        reviewer = reviewer == null ? "" : reviewer;
        organisation = organisation == null ? "" : organisation;
        if (kind == Kind.APPROVED && (reviewer.isBlank() || organisation.isBlank() || at == null)) {
            throw new IllegalArgumentException("an approval names its reviewer, organisation and time");
        }
        if (kind == Kind.RELEASED_ON_TIMEOUT && (at == null || waited == null)) {
            throw new IllegalArgumentException("a release on timeout has its time and how long it waited");
        }
    }

    public static HumanReview none() {
        return NONE;
    }

    public static HumanReview approved(String reviewer, String organisation, Instant at) {
        return new HumanReview(Kind.APPROVED, reviewer, organisation, Objects.requireNonNull(at, "at"), null);
    }

    public static HumanReview releasedOnTimeout(Instant at, Duration waited) {
        return new HumanReview(Kind.RELEASED_ON_TIMEOUT, "", "", at, waited);
    }

    public boolean approved() {
        return kind == Kind.APPROVED;
    }

    /** The sentence every sink puts before the result: who stands behind it. */
    public String statement() {
        return switch (kind) {
            case NONE -> "AI result, not verified by a radiologist.";
            case APPROVED -> "AI result, reviewed and approved by " + reviewer + " (" + organisation + ").";
            case RELEASED_ON_TIMEOUT -> "AI result released without review: no reviewer decided within "
                    + waited.toMinutes() + " minutes and the route releases on timeout. Not verified by a radiologist.";
        };
    }
}
