package org.varde.dicom.data;

import java.util.Map;
import java.util.Objects;

/** How a data set is encoded on the wire: VR explicit or not, byte order, deflate, encapsulated pixels. */
public final class TransferSyntax {

    public static final TransferSyntax IMPLICIT_LE =
            new TransferSyntax(UID.ImplicitVRLittleEndian, false, false, false, false);
    public static final TransferSyntax EXPLICIT_LE =
            new TransferSyntax(UID.ExplicitVRLittleEndian, true, false, false, false);
    public static final TransferSyntax EXPLICIT_BE =
            new TransferSyntax(UID.ExplicitVRBigEndian, true, true, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_LE =
            new TransferSyntax(UID.DeflatedExplicitVRLittleEndian, true, false, true, false);

    private static final Map<String, TransferSyntax> NATIVE = Map.of(
            IMPLICIT_LE.uid, IMPLICIT_LE,
            EXPLICIT_LE.uid, EXPLICIT_LE,
            EXPLICIT_BE.uid, EXPLICIT_BE,
            DEFLATED_EXPLICIT_LE.uid, DEFLATED_EXPLICIT_LE,
            // PS3.5 A.6: JPIP with deflate is a deflated explicit LE data set without pixel data
            UID.JPIPReferencedDeflate, new TransferSyntax(UID.JPIPReferencedDeflate, true, false, true, false),
            UID.JPIPReferenced, new TransferSyntax(UID.JPIPReferenced, true, false, false, false));

    private final String uid;
    private final boolean explicitVR;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;

    private TransferSyntax(String uid, boolean explicitVR, boolean bigEndian, boolean deflated,
            boolean encapsulated) {
        this.uid = uid;
        this.explicitVR = explicitVR;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
    }

    /**
     * The transfer syntax for {@code uid}. Anything not native is taken as Explicit VR Little Endian
     * with encapsulated pixel data: PS3.5 10 and Annex A.4 define every compressed syntax that way,
     * so a syntax newer than this code is still read correctly.
     */
    public static TransferSyntax of(String uid) {
        String trimmed = Objects.requireNonNull(uid, "uid").trim();
        TransferSyntax known = NATIVE.get(trimmed);
        return known != null ? known : new TransferSyntax(trimmed, true, false, false, true);
    }

    public String uid() {
        return uid;
    }

    public boolean explicitVR() {
        return explicitVR;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean deflated() {
        return deflated;
    }

    public boolean encapsulated() {
        return encapsulated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransferSyntax && ((TransferSyntax) o).uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return uid.hashCode();
    }

    @Override
    public String toString() {
        return uid;
    }
}
