package org.varde.dicom.dimse;

/**
 * A DIMSE status (PS3.7 Annex C; C-STORE specifics in PS3.4 B.2.3). A value type rather than a bare
 * int so the code that answers a peer cannot mix up a status with any other number.
 */
public record Status(int code) {
    public static final Status SUCCESS = new Status(0x0000);
    /** PS3.7 C.5, failure: no such attribute (an attribute the SCP does not support). */
    public static final Status NO_SUCH_ATTRIBUTE = new Status(0x0105);
    /** PS3.7 C.5, failure: invalid attribute value. */
    public static final Status INVALID_ATTRIBUTE_VALUE = new Status(0x0106);
    /** PS3.7 C.5, failure: duplicate SOP instance (N-CREATE of an instance that exists). */
    public static final Status DUPLICATE_SOP_INSTANCE = new Status(0x0111);
    /** PS3.7 C.5, failure: no such SOP instance. */
    public static final Status NO_SUCH_SOP_INSTANCE = new Status(0x0112);
    /** PS3.7 C.5, failure: invalid object instance (for example a malformed SOP Instance UID). */
    public static final Status INVALID_OBJECT_INSTANCE = new Status(0x0117);
    /** PS3.7 C.5, failure: class-instance conflict. */
    public static final Status CLASS_INSTANCE_CONFLICT = new Status(0x0119);
    /** PS3.7 C.5, failure: missing attribute (a Type 1 attribute of the create is absent). */
    public static final Status MISSING_ATTRIBUTE = new Status(0x0120);
    /** PS3.7 C.5, failure: missing attribute value (present but empty). */
    public static final Status MISSING_ATTRIBUTE_VALUE = new Status(0x0121);
    /** PS3.7 C.5.14: refused, the SOP class is not supported. */
    public static final Status SOP_CLASS_NOT_SUPPORTED = new Status(0x0122);
    /** PS3.7 C.5.13: processing failure. */
    public static final Status PROCESSING_FAILURE = new Status(0x0110);
    /** PS3.7 C.5.12: refused, the operation (command field) is not recognized. */
    public static final Status UNRECOGNIZED_OPERATION = new Status(0x0211);
    /** PS3.4 B.2.3: refused, out of resources (A7xx). */
    public static final Status OUT_OF_RESOURCES = new Status(0xA700);
    /** PS3.4 B.2.3: error, data set does not match SOP class (A9xx). */
    public static final Status DATA_SET_DOES_NOT_MATCH_SOP_CLASS = new Status(0xA900);
    /** PS3.4 B.2.3: error, cannot understand (Cxxx). */
    public static final Status CANNOT_UNDERSTAND = new Status(0xC000);

    public boolean isSuccess() {
        return code == 0x0000;
    }

    /** PS3.7 C: warnings are 0001, 0107, 0116 and Bxxx. */
    public boolean isWarning() {
        return code == 0x0001 || code == 0x0107 || code == 0x0116 || (code & 0xF000) == 0xB000;
    }

    /** PS3.7 C: FF00 and FF01 are Pending. */
    public boolean isPending() {
        return code == 0xFF00 || code == 0xFF01;
    }

    public boolean isFailure() {
        return !isSuccess() && !isWarning() && !isPending() && code != 0xFE00;
    }

    @Override
    public String toString() {
        return String.format("%04X", code);
    }
}
