package org.varde.gateway.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller of the API may do. Each of viewer, operator and admin includes the ones before it: an
 * operator can do what a viewer can, an admin what an operator can. {@link #VENDOR} stands apart: a
 * vendor's algorithm may store its results at Varde's STOW-RS endpoint and do nothing else, and no
 * other role may store results in its place.
 */
public enum Role {
    /** Reads the gateway's state: studies without patient identity, jobs, decisions, the catalogue. */
    VIEWER,
    /** Acts on the flow: sees patient identity, completes studies, replays jobs (later: feedback). */
    OPERATOR,
    /** Runs the gateway: config reload and token management. */
    ADMIN,
    /**
     * Decides on results held for review (issue 12): approve, reject, defer. Reads what a viewer reads,
     * with patient identity (a reviewer must know whose study it is); nothing an operator or admin does.
     * Stands apart from the chain: no operator or admin may decide in a reviewer's place, because a
     * review is a clinical act of a named person.
     */
    REVIEWER,
    /**
     * A vendor's algorithm returning its results ({@code POST /dicomweb/studies}); sees nothing. Its
     * token's name is the catalogue id of the algorithm it answers for: it can store results only for
     * that algorithm's jobs. Stands apart from every other role, both ways.
     */
    VENDOR,
    /**
     * A RIS sending radiologists' feedback back as FHIR R4 resources ({@code /fhir/Observation},
     * {@code /fhir/Task}); sees nothing. Its token's name names the RIS in the feedback and the audit.
     * Stands apart from every other role, both ways, like {@link #VENDOR}: a machine's token that can
     * do one thing.
     */
    RIS;

    /** Whether a caller with this role may use something that needs {@code needed}. */
    public boolean includes(Role needed) {
        if (this == VENDOR || needed == VENDOR || this == RIS || needed == RIS) {
            return this == needed;
        }
        if (this == REVIEWER) {
            return needed == REVIEWER || needed == VIEWER;
        }
        if (needed == REVIEWER) {
            return false;
        }
        return compareTo(needed) >= 0;
    }

    /** Whether this role sees patient identity (names, IDs, birth dates, accession numbers). */
    public boolean seesIdentity() {
        return includes(OPERATOR) || this == REVIEWER;
    }

    /**
     * Which of two roles a caller gets when a credential maps to both (an OIDC user in several groups):
     * viewer, then reviewer, then operator, then admin. A radiologist who is also in an operator's group
     * is therefore an operator and cannot review: give reviewers a group of their own.
     */
    public boolean outranks(Role other) {
        return rank() > other.rank();
    }

    private int rank() {
        return switch (this) {
            case VIEWER -> 0;
            case REVIEWER -> 1;
            case OPERATOR -> 2;
            case ADMIN -> 3;
            // below everyone: an OIDC user mapped to vendor and anything else is that other role
            case VENDOR, RIS -> -1;
        };
    }

    /** As written in config, the database and the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWord(String word) {
        for (Role role : values()) {
            if (role.word().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    public static String words() {
        return "viewer, reviewer, operator, admin, vendor, ris";
    }
}
