package org.varde.gateway.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller of the API may do. Each role includes the ones before it: an operator can do what a
 * viewer can, an admin what an operator can.
 */
public enum Role {
    /** Reads the gateway's state: studies without patient identity, jobs, decisions, the catalogue. */
    VIEWER,
    /** Acts on the flow: sees patient identity, completes studies, replays jobs (later: feedback). */
    OPERATOR,
    /** Runs the gateway: config reload and token management. */
    ADMIN;

    /** Whether a caller with this role may use something that needs {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** Whether this role sees patient identity (names, IDs, birth dates, accession numbers). */
    public boolean seesIdentity() {
        return includes(OPERATOR);
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
        return "viewer, operator, admin";
    }
}
