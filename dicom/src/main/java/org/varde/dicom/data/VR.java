package org.varde.dicom.data;

/** Value Representations of PS3.5 6.2, with what the codec needs to know about each. */
public enum VR {
    AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL,
    UN, UR, US, UT, UV;

    private static final VR[] BY_CODE = new VR[1 << 16];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    /** The two ASCII characters as they appear on the wire, first character in the high byte. */
    public int code() {
        return (name().charAt(0) << 8) | name().charAt(1);
    }

    /** PS3.5 7.1.2: these VRs have two reserved bytes and a 32-bit length in Explicit VR. */
    public boolean hasLongExplicitLength() {
        switch (this) {
            case OB: case OD: case OF: case OL: case OV: case OW: case SQ: case SV: case UC: case UN: case UR:
            case UT: case UV:
                return true;
            default:
                return false;
        }
    }

    /** Character string VRs whose value is text in the data set's character set (PS3.5 6.1.2.3). */
    public boolean isText() {
        switch (this) {
            case AE: case AS: case CS: case DA: case DS: case DT: case IS: case LO: case LT: case PN: case SH:
            case ST: case TM: case UC: case UI: case UR: case UT:
                return true;
            default:
                return false;
        }
    }

    /** Text VRs that hold one value only: a backslash is part of the text (PS3.5 6.2). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }

    /** PS3.5 6.2: leading spaces are significant only in the free-text VRs. */
    public boolean keepsLeadingSpaces() {
        return this == LT || this == ST || this == UT || this == UC;
    }

    /** PS3.5 6.1.2.3: only these VRs are affected by Specific Character Set. */
    public boolean usesSpecificCharacterSet() {
        return this == LO || this == LT || this == PN || this == SH || this == ST || this == UC || this == UT;
    }

    /**
     * Size of one binary value, the unit of byte swapping between little and big endian (PS3.5 7.3);
     * 1 for byte streams and text, which are never swapped.
     */
    public int bytesPerValue() {
        switch (this) {
            case AT: case OW: case SS: case US:
                return 2;
            case FL: case OF: case OL: case SL: case UL:
                return 4;
            case FD: case OD: case OV: case SV: case UV:
                return 8;
            default:
                return 1;
        }
    }

    /** PS3.5 6.2: UI values are padded with NUL, other strings with space, binary values with NUL. */
    public byte paddingByte() {
        return isText() && this != UI ? (byte) ' ' : 0;
    }

    /** The VR for the two ASCII bytes read from an Explicit VR element header, or null if none. */
    public static VR fromCode(int twoBytes) {
        return twoBytes < 0 || twoBytes >= BY_CODE.length ? null : BY_CODE[twoBytes];
    }
}
