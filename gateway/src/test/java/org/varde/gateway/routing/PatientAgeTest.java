package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PS3.5 AS ages and the birth-date fallback. */
class PatientAgeTest {

    @ParameterizedTest(name = "{0} -> {1} years, shown as {2}")
    @CsvSource({
            "067Y, 67.0, 67 years",
            "006Y, 6.0, 6 years",
            "012M, 1.0, 12 months",
            "030M, 2.5, 2 years",
            "020W, 0.3833, 4 months",
            "003D, 0.0082, 3 days",
            "' 045Y ', 45.0, 45 years",
            "45Y, 45.0, 45 years"})
    void ageStringIsReadInYears(String as, double years, String shown) {
        PatientAge age = PatientAge.fromAgeString(as).orElseThrow();

        assertEquals(years, age.years(), 1e-3);
        assertEquals(shown, age.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Y", "067", "67 years", "0067Y", "067X", "-05Y"})
    void malformedAgeStringIsUnknown(String as) {
        assertTrue(PatientAge.fromAgeString(as).isEmpty());
    }

    @ParameterizedTest(name = "born {0}, studied {1} -> {2}")
    @CsvSource({
            "20080110, 20260110, 18.0",
            "20080111, 20260110, 17.997",
            "19590301, 20260110, 66.86",
            "2008.01.10, 2026.01.10, 18.0"})
    void ageFromBirthAndStudyDate(String birth, String study, double years) {
        assertEquals(years, PatientAge.fromDates(birth, study).orElseThrow().years(), 0.01);
    }

    @Test
    void datesThatCannotGiveAnAgeGiveNone() {
        assertTrue(PatientAge.fromDates("20260111", "20260110").isEmpty(), "born after the study");
        assertTrue(PatientAge.fromDates("20080110", null).isEmpty(), "no study date: never guess from today");
        assertTrue(PatientAge.fromDates("2008", "20260110").isEmpty());
        assertTrue(PatientAge.fromDates("20081310", "20260110").isEmpty());
    }

    @Test
    void patientAgeWinsOverBirthDate() {
        PatientAge age = PatientAge.of("040Y", "20200101", "20260110").orElseThrow();

        assertEquals(40.0, age.years());
        assertEquals("PatientAge 040Y", age.source());
    }
}
