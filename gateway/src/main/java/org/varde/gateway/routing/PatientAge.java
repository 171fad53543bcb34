package org.varde.gateway.routing;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A patient's age at the study, in years (fractional), and where it came from. Read from
 * {@code PatientAge}, else from {@code PatientBirthDate} and {@code StudyDate}; never from today's
 * date, because an old study re-sent from an archive would make a child look like an adult.
 */
public record PatientAge(double years, String source) {

    // PS3.5 6.2 AS: "nnnD", "nnnW", "nnnM" or "nnnY"; some devices drop the leading zeros, we accept 1..3 digits
    private static final Pattern AGE_STRING = Pattern.compile("(\\d{1,3})([DWMY])");
    private static final double DAYS_PER_YEAR = 365.25;

    static Optional<PatientAge> of(String ageString, String birthDate, String studyDate) {
        Optional<PatientAge> stated = fromAgeString(ageString);
        return stated.isPresent() ? stated : fromDates(birthDate, studyDate);
    }

    public static Optional<PatientAge> fromAgeString(String ageString) {
        if (ageString == null) {
            return Optional.empty();
        }
        Matcher m = AGE_STRING.matcher(ageString.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(m.group(1));
        double years = switch (m.group(2)) {
            case "D" -> n / DAYS_PER_YEAR;
            case "W" -> n * 7 / DAYS_PER_YEAR;
            case "M" -> n / 12.0;
            default -> n;
        };
        return Optional.of(new PatientAge(years, "PatientAge " + ageString.trim()));
    }

    /** Whole years between the dates plus the fraction of the year since the last birthday. */
    public static Optional<PatientAge> fromDates(String birthDate, String studyDate) {
        Optional<LocalDate> birth = date(birthDate);
        Optional<LocalDate> study = date(studyDate);
        if (birth.isEmpty() || study.isEmpty() || birth.get().isAfter(study.get())) {
            return Optional.empty();
        }
        long whole = ChronoUnit.YEARS.between(birth.get(), study.get());
        LocalDate lastBirthday = birth.get().plusYears(whole);
        double fraction = (double) ChronoUnit.DAYS.between(lastBirthday, study.get())
                / ChronoUnit.DAYS.between(lastBirthday, birth.get().plusYears(whole + 1));
        return Optional.of(new PatientAge(whole + fraction, "PatientBirthDate and StudyDate"));
    }

    /** {@code 67 years}, {@code 8 months} or {@code 12 days}, as a reason shows it. */
    public String describe() {
        if (years >= 2) {
            return (long) Math.floor(years) + " years";
        }
        if (years >= 1 / 12.0) {
            long months = (long) Math.floor(years * 12 + 1e-9);
            return months + (months == 1 ? " month" : " months");
        }
        long days = Math.round(years * DAYS_PER_YEAR);
        return days + (days == 1 ? " day" : " days");
    }

    /** PS3.5 6.2 DA: YYYYMMDD; the ACR-NEMA form YYYY.MM.DD still turns up in old archives. */
    private static Optional<LocalDate> date(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String digits = value.trim().replace(".", "");
        if (digits.length() != 8) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
