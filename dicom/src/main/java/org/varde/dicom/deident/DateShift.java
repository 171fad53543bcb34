package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.VR;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * PS3.15 E.3.6, Retain Longitudinal Temporal Information with Modified Dates: dates move by the
 * patient's offset in whole days, so a time of day keeps its value and the intervals between all of
 * a patient's studies stay true. A value that is not a valid date cannot be shifted and is emptied:
 * it must not leave as it was.
 */
final class DateShift {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private DateShift() {
    }

    static void shift(Attributes ds, int tag, VR vr, int days) {
        if (vr == VR.TM) {
            return;
        }
        String[] values = ds.getStrings(tag);
        if (values == null) {
            return;
        }
        String[] shifted = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            shifted[i] = shiftOne(values[i], days);
            if (shifted[i] == null) {
                ds.setBytes(tag, vr, new byte[0]);
                return;
            }
        }
        ds.setString(tag, vr, shifted);
    }

    /** A DA, or the date part of a DT (PS3.5 6.2: YYYYMMDD first); null when it is not one. */
    static String shiftOne(String value, int days) {
        if (value.isEmpty()) {
            return value;
        }
        if (value.length() < 8) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.substring(0, 8), DA);
            return date.plusDays(days).format(DA) + value.substring(8);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
