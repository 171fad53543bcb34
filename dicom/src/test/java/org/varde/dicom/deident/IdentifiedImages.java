package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

import java.util.List;

/**
 * A CT header full of identity in the places it hides: patient and study attributes, physicians,
 * institution, descriptions, nested reference sequences, a sequence only an Implicit VR reader sees
 * as UN, and private elements of two creators.
 */
final class IdentifiedImages {
    static final String STUDY = "1.2.826.0.1.3680043.9.7433.77.1";
    static final String SERIES = "1.2.826.0.1.3680043.9.7433.77.2";
    static final String SOP = "1.2.826.0.1.3680043.9.7433.77.3";
    static final String FRAME_OF_REFERENCE = "1.2.826.0.1.3680043.9.7433.77.4";
    static final String REFERENCED_SOP = "1.2.826.0.1.3680043.9.7433.77.5";
    static final String HIDDEN_SOP = "1.2.826.0.1.3680043.9.7433.77.6";
    static final String KEPT_CREATOR = "VARDE TEST KEEP";
    static final String DROPPED_CREATOR = "VARDE TEST DROP";
    /** Every identifying value above, none of which may appear in a de-identified copy. */
    static final List<String> IDENTIFYING = List.of("Nordmann^Kari", "PID-4471", "19610412", "ACC-99812",
            "Haukeland Sykehus", "Møllendalsbakken 65", "Lege^Referent", "Lege^Utfører", "CT thorax for Kari",
            "Lunger 1mm", "STUDY-ID-7", "Operatør^Olav", "Secret series note", "Private secret",
            "SN-7781", "CT-ROOM-3", "20260302", "Lege^Leser", "Request for Kari");

    private IdentifiedImages() {
    }

    static Attributes ct() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, SOP);
        ds.setString(Tag.StudyDate, VR.DA, "20260302");
        ds.setString(Tag.SeriesDate, VR.DA, "20260302");
        ds.setString(Tag.StudyTime, VR.TM, "101500");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-99812");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Varde Test");
        ds.setString(Tag.InstitutionName, VR.LO, "Haukeland Sykehus");
        ds.setString(Tag.InstitutionAddress, VR.ST, "Møllendalsbakken 65");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "Lege^Referent");
        ds.setString(Tag.StationName, VR.SH, "CT-ROOM-3");
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax for Kari");
        ds.setString(Tag.SeriesDescription, VR.LO, "Lunger 1mm");
        ds.setString(Tag.PerformingPhysicianName, VR.PN, "Lege^Utfører");
        ds.setString(0x00081060, VR.PN, "Lege^Leser");
        ds.setString(0x00081070, VR.PN, "Operatør^Olav");
        Attributes reference = new Attributes();
        reference.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
        reference.setString(Tag.ReferencedSOPInstanceUID, VR.UI, REFERENCED_SOP);
        ds.newSequence(Tag.ReferencedImageSequence).add(reference);
        Attributes request = new Attributes();
        request.setString(Tag.AccessionNumber, VR.SH, "ACC-99812");
        request.setString(0x00321060, VR.LO, "Request for Kari");
        ds.newSequence(Tag.RequestAttributesSequence).add(request);
        ds.setString(Tag.PatientName, VR.PN, "Nordmann^Kari");
        ds.setString(Tag.PatientID, VR.LO, "PID-4471");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19610412");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(0x00181000, VR.LO, "SN-7781");
        ds.setString(Tag.BodyPartExamined, VR.CS, "CHEST");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        ds.setString(0x00200010, VR.SH, "STUDY-ID-7");
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, FRAME_OF_REFERENCE);
        ds.setString(0x00204000, VR.LT, "Secret series note");
        // a sequence the reader's dictionary does not know: UN, items in Implicit VR LE (PS3.5 6.2.2)
        ds.setString(0x00090010, VR.LO, KEPT_CREATOR);
        ds.setString(0x00090011, VR.LO, DROPPED_CREATOR);
        ds.setString(0x00091020, VR.LO, "kept value");
        ds.setString(0x00091021, VR.LO, "Private secret");
        ds.setString(0x00091110, VR.LO, "Private secret");
        ds.setBytes(0x00081250, VR.UN, unknownSequenceWithUid(HIDDEN_SOP));
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        return ds;
    }

    /** An item with a Referenced SOP Instance UID, encoded as the value of an UN element would be. */
    private static byte[] unknownSequenceWithUid(String uid) {
        byte[] value = (uid.length() % 2 == 0 ? uid : uid + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 8 + value.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(8 + value.length);
        b.putShort((short) 0x0008).putShort((short) 0x1155).putInt(value.length).put(value);
        return b.array();
    }
}
