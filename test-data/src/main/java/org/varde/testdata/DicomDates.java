package org.varde.testdata;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** PS3.5 6.2: DA is YYYYMMDD, TM is HHMMSS (fractions left out). */
final class DicomDates {

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private DicomDates() {
    }

    static String date(LocalDate date) {
        return DA.format(date);
    }

    static String time(LocalTime time) {
        return TM.format(time);
    }
}
