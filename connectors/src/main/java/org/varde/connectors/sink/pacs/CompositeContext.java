package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The modules the SR and the summary image share: the source's patient and study, Varde as the
 * equipment that wrote the object, and the vendor's algorithm as contributing equipment.
 */
final class CompositeContext {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("Z");

    private CompositeContext() {
    }

    /** PS3.3 C.7.1.1 Patient and C.7.2.1 General Study: copied from the source, Type 2 left empty when unknown. */
    static void patientAndStudy(Attributes ds, StudyContext study) {
        ds.setString(Tag.StudyDate, VR.DA, study.studyDate());
        ds.setString(Tag.StudyTime, VR.TM, study.studyTime());
        ds.setString(Tag.AccessionNumber, VR.SH, study.accessionNumber());
        ds.setString(Tag.ReferringPhysicianName, VR.PN, study.referringPhysicianName());
        if (!study.studyDescription().isEmpty()) {
            ds.setString(Tag.StudyDescription, VR.LO, study.studyDescription());
        }
        ds.setString(Tag.PatientName, VR.PN, study.patientName());
        ds.setString(Tag.PatientID, VR.LO, study.study().patientId());
        study.study().issuerOfPatientId().ifPresent(issuer -> ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer));
        ds.setString(Tag.PatientBirthDate, VR.DA, study.patientBirthDate());
        ds.setString(Tag.PatientSex, VR.CS, study.study().sex().orElse(""));
        ds.setString(Tag.StudyInstanceUID, VR.UI, study.studyInstanceUid());
        ds.setString(Tag.StudyID, VR.SH, study.studyId());
    }

    /**
     * PS3.3 C.7.5.1 General Equipment and C.7.5.2 Enhanced General Equipment: Varde wrote the object.
     */
    static void equipment(Attributes ds, PacsWriterOptions options) {
        ds.setString(Tag.Manufacturer, VR.LO, PacsWriterOptions.MANUFACTURER);
        ds.setString(Tag.ManufacturerModelName, VR.LO, PacsWriterOptions.MODEL_NAME);
        ds.setString(Tag.DeviceSerialNumber, VR.LO, options.deviceSerialNumber());
        ds.setString(Tag.SoftwareVersions, VR.LO, options.softwareVersion());
    }

    /**
     * PS3.3 C.12.1.1.5 Contributing Equipment Sequence: the vendor's algorithm, with its manufacturer,
     * model and software version, as "Processing Equipment" (CID 7005).
     */
    static void contributingEquipment(Attributes ds, AlgorithmResult result, ZonedDateTime when) {
        Attributes item = new Attributes();
        ds.newSequence(Tag.ContributingEquipmentSequence).add(item);
        item.setString(Tag.Manufacturer, VR.LO, result.device().manufacturer());
        item.setString(Tag.ManufacturerModelName, VR.LO, result.device().modelName());
        item.setString(Tag.SoftwareVersions, VR.LO, result.device().softwareVersion());
        item.setString(Tag.ContributionDateTime, VR.DT, dateTime(when));
        item.setString(Tag.ContributionDescription, VR.ST,
                "AI algorithm " + result.reportedName() + " " + result.reportedVersion());
        ContentItems.codeSequence(item, Tag.PurposeOfReferenceCodeSequence, SrCodes.PROCESSING_EQUIPMENT);
    }

    /** PS3.3 C.12.1 SOP Common: class, instance, character set, creation time and the zone it is in. */
    static void sopCommon(Attributes ds, String sopClassUid, String sopInstanceUid, String characterSetOrNull,
                          ZonedDateTime when) {
        if (characterSetOrNull != null) {
            ds.setString(Tag.SpecificCharacterSet, VR.CS, characterSetOrNull);
        }
        ds.setString(Tag.SOPClassUID, VR.UI, sopClassUid);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.InstanceCreationDate, VR.DA, date(when));
        ds.setString(Tag.InstanceCreationTime, VR.TM, time(when));
        ds.setString(Tag.TimezoneOffsetFromUTC, VR.SH, OFFSET.format(when));
    }

    static String date(ZonedDateTime when) {
        return DA.format(when);
    }

    static String time(ZonedDateTime when) {
        return TM.format(when);
    }

    static String dateTime(ZonedDateTime when) {
        return DT.format(when);
    }
}
