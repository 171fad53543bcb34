package org.varde.dicom.deident;

/**
 * The actions of PS3.15 Table E.1-1 and the combinations the table gives. A combination leaves the
 * choice to IOD conformance (Type 1, 2 or 3 of the attribute in the IOD at hand); Varde does not
 * carry the per-IOD types, so it resolves each combination to the choice that is conformant whatever
 * the type ({@link #resolved()}): a dummy or empty value never leaks what was there, and a missing
 * Type 1 or 2 attribute would make the object invalid at the vendor.
 */
public enum ProfileAction {
    /** Replace with a non-zero length dummy value consistent with the VR. */
    D("D"),
    /** Replace with a zero length value (or a dummy). */
    Z("Z"),
    /** Remove. */
    X("X"),
    /** Keep; a sequence is kept and its items cleaned. */
    K("K"),
    /** Clean: values of similar meaning without identity (here: dates shifted, PS3.15 E.3.6). */
    C("C"),
    /** Replace with a UID consistent within the set of instances. */
    U("U"),
    Z_D("Z/D"),
    X_Z("X/Z"),
    X_D("X/D"),
    X_Z_D("X/Z/D"),
    /** X unless Z, or replacement of the contained instance UIDs, is needed (reference sequences). */
    X_Z_U("X/Z/U*");

    private final String word;

    ProfileAction(String word) {
        this.word = word;
    }

    /** The word the table uses. */
    public String word() {
        return word;
    }

    /**
     * The single action Varde applies: X/Z becomes Z (present, empty: right for Type 2 and 3), Z/D,
     * X/D and X/Z/D become D (a dummy: right for Type 1, 2 and 3), X/Z/U* keeps the reference
     * sequence with every contained instance UID replaced (right for all three, and the vendor's
     * result can still point at the images).
     */
    public ProfileAction resolved() {
        return switch (this) {
            case X_Z -> Z;
            case Z_D, X_D, X_Z_D -> D;
            case X_Z_U -> K;
            default -> this;
        };
    }

    public static ProfileAction ofWord(String word) {
        for (ProfileAction action : values()) {
            if (action.word.equals(word)) {
                return action;
            }
        }
        throw new IllegalArgumentException("not an action of PS3.15 Table E.1-1: " + word);
    }
}
