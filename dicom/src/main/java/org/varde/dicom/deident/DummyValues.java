package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.VR;

/**
 * Action D: a non-zero length value consistent with the VR (PS3.15 E.1.1) that says nothing about
 * anyone: a word for text, zero for numbers, the first day of 1900 for dates.
 */
final class DummyValues {
    static final String TEXT = "REMOVED";

    private DummyValues() {
    }

    static void set(Attributes ds, int tag, VR vr) {
        switch (vr) {
            case DA -> ds.setString(tag, vr, "19000101");
            case DT -> ds.setString(tag, vr, "19000101000000");
            case TM -> ds.setString(tag, vr, "000000");
            case AS -> ds.setString(tag, vr, "000D");
            case DS, IS -> ds.setString(tag, vr, "0");
            case PN, LO, SH, LT, ST, UT, UC, CS, AE, UR -> ds.setString(tag, vr, TEXT);
            case US, SS -> ds.setBytes(tag, vr, new byte[2]);
            case UL, SL, FL, AT -> ds.setBytes(tag, vr, new byte[4]);
            case FD, SV, UV -> ds.setBytes(tag, vr, new byte[8]);
            default -> ds.setBytes(tag, vr, new byte[2]);
        }
    }
}
