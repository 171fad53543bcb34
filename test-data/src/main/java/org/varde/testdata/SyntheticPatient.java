package org.varde.testdata;

import java.time.LocalDate;
import java.time.Period;

/**
 * A patient who does not exist.
 *
 * @param name      DICOM person name, Family^Given, with Norwegian and Danish letters
 * @param id        eleven digits starting with 9: shaped like a Norwegian national identity number,
 *                  but no real one (or D-number) has a day of month of 90 or more
 * @param birthDate date of birth
 * @param sex       "F" or "M"
 */
record SyntheticPatient(String name, String id, LocalDate birthDate, String sex) {

    /** PS3.5 6.2 AS: age in whole years at the study date, as "nnnY". */
    String ageAt(LocalDate studyDate) {
        int years = Period.between(birthDate, studyDate).getYears();
        return String.format("%03dY", years);
    }
}
