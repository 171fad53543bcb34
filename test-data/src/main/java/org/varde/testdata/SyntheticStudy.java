package org.varde.testdata;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.SplittableRandom;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

/** One synthetic study: its patient, identifiers, date and place, drawn from the seed. */
final class SyntheticStudy {

    /** PS3.5 6.1.2.3: ISO_IR 192 is UTF-8, so Ø, Æ and Å in names need no escape sequences. */
    static final String CHARACTER_SET = "ISO_IR 192";

    private static final LocalDate FIRST_STUDY_DATE = LocalDate.of(2026, 1, 5);
    private static final List<String> INSTITUTIONS = List.of(
            "Syntetisk universitetssjukehus Vestland", "Fiktivt Amtssygehus Østjylland",
            "Syntetisk sjukehus Førde", "Fiktivt Universitetshospital Ålborg");

    private final SeedSpace seeds;
    private final int index;
    private final SyntheticPatient patient;
    private final LocalDateTime started;
    private final String accessionNumber;
    private final String studyId;
    private final String referringPhysician;
    private final String institution;

    private SyntheticStudy(SeedSpace seeds, int index, AgeRange ages) {
        this.seeds = seeds;
        this.index = index;
        SplittableRandom random = seeds.random("study/" + index);
        LocalDate date = FIRST_STUDY_DATE.plusDays(random.nextInt(0, 300));
        this.started = date.atTime(LocalTime.of(7, 30).plusMinutes(random.nextInt(0, 600)));
        this.patient = Population.patient(random, ages.minYears(), ages.maxYears(), date);
        this.accessionNumber = "SYN" + String.format("%09d", random.nextInt(1_000_000_000));
        this.studyId = Integer.toString(random.nextInt(1, 100_000));
        this.referringPhysician = Population.referringPhysician(random);
        this.institution = INSTITUTIONS.get(random.nextInt(INSTITUTIONS.size()));
    }

    static SyntheticStudy draw(SeedSpace seeds, int index, AgeRange ages) {
        return new SyntheticStudy(seeds, index, ages);
    }

    SyntheticPatient patient() {
        return patient;
    }

    String studyInstanceUid() {
        return seeds.uid("study/" + index);
    }

    /** One frame of reference per study: every series of a CT or MR shares the patient's position. */
    String frameOfReferenceUid() {
        return seeds.uid("frame/" + index);
    }

    String seriesInstanceUid(int seriesNumber) {
        return seeds.uid("series/" + index + "/" + seriesNumber);
    }

    String sopInstanceUid(int seriesNumber, int imageIndex) {
        return seeds.uid("instance/" + index + "/" + seriesNumber + "/" + imageIndex);
    }

    SplittableRandom pixelRandom(int seriesNumber) {
        return seeds.random("pixels/" + index + "/" + seriesNumber);
    }

    /** Series start a few minutes apart, images a second apart, all after the study started. */
    LocalDateTime imageTime(int seriesNumber, int imageIndex) {
        return started.plusMinutes(4L * seriesNumber).plusSeconds(imageIndex);
    }

    /**
     * Patient (C.7.1.1), General Study (C.7.2.1), Patient Study (C.7.2.2) and General Equipment
     * (C.7.5.1) modules of PS3.3, with the character set of the names.
     */
    void describe(Attributes dataSet, ExaminationProtocol protocol) {
        dataSet.setString(Tag.SpecificCharacterSet, VR.CS, CHARACTER_SET);
        dataSet.setString(Tag.PatientName, VR.PN, patient.name());
        dataSet.setString(Tag.PatientID, VR.LO, patient.id());
        dataSet.setString(Tag.PatientBirthDate, VR.DA, DicomDates.date(patient.birthDate()));
        dataSet.setString(Tag.PatientSex, VR.CS, patient.sex());
        dataSet.setString(Tag.PatientAge, VR.AS, patient.ageAt(started.toLocalDate()));
        dataSet.setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid());
        dataSet.setString(Tag.StudyDate, VR.DA, DicomDates.date(started.toLocalDate()));
        dataSet.setString(Tag.StudyTime, VR.TM, DicomDates.time(started.toLocalTime()));
        dataSet.setString(Tag.ReferringPhysicianName, VR.PN, referringPhysician);
        dataSet.setString(Tag.StudyID, VR.SH, studyId);
        dataSet.setString(Tag.AccessionNumber, VR.SH, accessionNumber);
        dataSet.setString(Tag.StudyDescription, VR.LO, protocol.profile().studyDescription());
        Equipment equipment = protocol.profile().equipment();
        dataSet.setString(Tag.Manufacturer, VR.LO, equipment.manufacturer());
        dataSet.setString(Tag.ManufacturerModelName, VR.LO, equipment.modelName());
        dataSet.setString(Tag.StationName, VR.SH, equipment.stationName());
        dataSet.setString(Tag.SoftwareVersions, VR.LO, equipment.softwareVersion());
        dataSet.setString(Tag.InstitutionName, VR.LO, institution);
    }
}
