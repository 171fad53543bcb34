package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;

class PatientIdentityTest {

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final int STUDIES = 25;

    @TempDir
    Path out;

    @Test
    void nordicNamesSurviveAsUtf8() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.WRIST, STUDIES, 5, 1, 8));
        ExaminationProtocol protocol = ExaminationProtocol.of(StudyKind.WRIST);
        int nordicNames = 0;
        for (int study = 1; study <= STUDIES; study++) {
            Path file = files.get(study - 1);
            String drawn = SyntheticStudy.draw(new SeedSpace(5, StudyKind.WRIST), study, GeneratorOptions.defaults(StudyKind.WRIST, 1, 5).agesOr(protocol.profile())).patient().name();
            Attributes read = GeneratedFiles.dataSet(file);

            assertEquals("ISO_IR 192", read.getString(Tag.SpecificCharacterSet));
            assertEquals(drawn, read.getString(Tag.PatientName));
            assertTrue(contains(Files.readAllBytes(file), drawn.getBytes(StandardCharsets.UTF_8)),
                    "name stored as UTF-8 bytes in " + file);
            if (drawn.matches(".*[æøåÆØÅ].*")) {
                nordicNames++;
            }
        }
        assertTrue(nordicNames >= STUDIES / 2, "most names carry æ, ø or å: " + nordicNames);
    }

    @Test
    void ageMatchesBirthDateAndStudyDateWithinTheKindsRange() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CXR, STUDIES, 9, 1, 8));
        for (Path file : files) {
            Attributes read = GeneratedFiles.dataSet(file);
            LocalDate born = LocalDate.parse(read.getString(Tag.PatientBirthDate), DA);
            LocalDate studied = LocalDate.parse(read.getString(Tag.StudyDate), DA);
            int years = Period.between(born, studied).getYears();

            assertEquals(String.format("%03dY", years), read.getString(Tag.PatientAge));
            assertTrue(years >= 18 && years <= 95, "chest radiograph patients are adults: " + years);
            assertTrue(read.getString(Tag.PatientSex).matches("[FM]"));
        }
    }

    @Test
    void patientIdsAreElevenDigitsNoNationalNumberCanHave() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CXR, STUDIES, 13, 1, 8));
        for (Path file : files) {
            Attributes read = GeneratedFiles.dataSet(file);
            // a fødselsnummer starts with the day of birth (D-numbers add 40): never 90 or more
            assertTrue(read.getString(Tag.PatientID).matches("9\\d{10}"), read.getString(Tag.PatientID));
            assertTrue(read.getString(Tag.AccessionNumber).length() <= 16);
            assertTrue(read.contains(Tag.ReferringPhysicianName));
            assertTrue(read.contains(Tag.InstitutionName));
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
