package org.varde.dicom.data;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    /**
     * PS3.6 Table A-1: every transfer syntax for a stored data set, retired ones included (old
     * modalities still offer them). Not the MIME, XML and SMPTE ST 2110 syntaxes (1.2.840.10008.1.2.6.x,
     * 1.2.840.10008.1.2.7.x): they carry no Part 10 data set. A syntax outside this list is refused at
     * negotiation: we cannot know how to read its header.
     */
    private static final Set<String> KNOWN = Set.of(
            UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.EncapsulatedUncompressedExplicitVRLittleEndian,
            UID.DeflatedExplicitVRLittleEndian, UID.ExplicitVRBigEndian,
            // JPEG processes 1 to 29 (PS3.5 A.4.1), lossless SV1, JPEG-LS, JPEG 2000, JPIP
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.52",
            "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.54", "1.2.840.10008.1.2.4.55",
            "1.2.840.10008.1.2.4.56", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.58",
            "1.2.840.10008.1.2.4.59", "1.2.840.10008.1.2.4.60", "1.2.840.10008.1.2.4.61",
            "1.2.840.10008.1.2.4.62", "1.2.840.10008.1.2.4.63", "1.2.840.10008.1.2.4.64",
            "1.2.840.10008.1.2.4.65", "1.2.840.10008.1.2.4.66", "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
            "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.94", "1.2.840.10008.1.2.4.95",
            // MPEG-2, MPEG-4 AVC/H.264, HEVC/H.265 (PS3.5 A.4.5 to A.4.8)
            "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.100.1", "1.2.840.10008.1.2.4.101",
            "1.2.840.10008.1.2.4.101.1", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.102.1",
            "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.103.1", "1.2.840.10008.1.2.4.104",
            "1.2.840.10008.1.2.4.104.1", "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.105.1",
            "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.106.1", "1.2.840.10008.1.2.4.107",
            "1.2.840.10008.1.2.4.108",
            // JPEG XL, High-Throughput JPEG 2000 and its JPIP variants, RLE, Deflated Image Frame Compression
            "1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111", "1.2.840.10008.1.2.4.112",
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
            "1.2.840.10008.1.2.4.204", "1.2.840.10008.1.2.4.205",
            UID.RLELossless, "1.2.840.10008.1.2.8.1");

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

    /** Whether {@code uid} is a transfer syntax of PS3.6 Table A-1 for a stored data set (see {@link #KNOWN}). */
    public static boolean isKnown(String uid) {
        return uid != null && KNOWN.contains(uid);
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
