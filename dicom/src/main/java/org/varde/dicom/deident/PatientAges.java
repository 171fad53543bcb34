package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The birth date reduced to an age (PS3.5 6.2 AS, e.g. "052Y"): Patient's Age when the modality
 * gave one, else computed from the birth date and the study's date (or the series', the
 * acquisition's or the content's). Null when neither is there.
 */
final class PatientAges {
    private static final int[] DATES_OF_THE_EXAMINATION = {0x00080020, 0x00080021, 0x00080022, 0x00080023};

    private PatientAges() {
    }

    static String ageOrComputed(Attributes header) {
        String given = header.getString(Deidentifier.PATIENT_AGE);
        if (given != null && given.matches("\\d{3}[DWMY]")) {
            return given;
        }
        LocalDate birth = date(header.getString(Deidentifier.PATIENT_BIRTH_DATE));
        LocalDate at = null;
        for (int tag : DATES_OF_THE_EXAMINATION) {
            at = at != null ? at : date(header.getString(tag));
        }
        if (birth == null || at == null || at.isBefore(birth)) {
            return null;
        }
        return of(birth, at);
    }

    /** PS3.5 6.2: days under 5 weeks, weeks under 5 months... here: days, months under 2 years, years. */
    static String of(LocalDate birth, LocalDate at) {
        Period period = Period.between(birth, at);
        long years = period.getYears();
        if (years >= 2) {
            return String.format(Locale.ROOT, "%03dY", Math.min(years, 999));
        }
        long months = period.toTotalMonths();
        if (months >= 1) {
            return String.format(Locale.ROOT, "%03dM", months);
        }
        return String.format(Locale.ROOT, "%03dD", ChronoUnit.DAYS.between(birth, at));
    }

    private static LocalDate date(String value) {
        if (value == null || value.length() < 8) {
            return null;
        }
        try {
            return LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
