package org.varde.dicom.deident;

import org.junit.jupiter.api.Test;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomWriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.VR;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeidentifierTest {
    private static final Set<PrivateElementKey> KEEP = Set.of(
            PrivateElementKey.parse(IdentifiedImages.KEPT_CREATOR, "0009,xx20"));

    @Test
    void noIdentifyingValueOrOriginalUidIsLeftInTheEncodedHeader() throws IOException {
        MapPseudonyms pseudonyms = new MapPseudonyms("VARDE-P1", -400);
        Attributes header = new Deidentifier(new DeidentificationOptions(DateHandling.REMOVE, KEEP))
                .deidentify(IdentifiedImages.ct(), pseudonyms);
        byte[] encoded = encode(header);
        for (String value : IdentifiedImages.IDENTIFYING) {
            assertFalse(contains(encoded, value.getBytes(StandardCharsets.UTF_8)), value + " left the header");
        }
        for (String uid : List.of(IdentifiedImages.STUDY, IdentifiedImages.SERIES, IdentifiedImages.SOP,
                IdentifiedImages.FRAME_OF_REFERENCE, IdentifiedImages.REFERENCED_SOP, IdentifiedImages.HIDDEN_SOP)) {
            assertFalse(contains(encoded, uid.getBytes(StandardCharsets.US_ASCII)), uid + " left the header");
        }
    }

    @Test
    void uidsAreReplacedConsistentlyAndListedBeforehand() throws IOException {
        Deidentifier deidentifier = new Deidentifier(DeidentificationOptions.defaults());
        Attributes original = IdentifiedImages.ct();
        Set<String> listed = deidentifier.uidsToReplace(original);
        assertTrue(listed.containsAll(Set.of(IdentifiedImages.STUDY, IdentifiedImages.SERIES, IdentifiedImages.SOP,
                IdentifiedImages.FRAME_OF_REFERENCE, IdentifiedImages.REFERENCED_SOP, IdentifiedImages.HIDDEN_SOP)),
                listed.toString());
        MapPseudonyms pseudonyms = new MapPseudonyms("VARDE-P1", 0);
        Attributes first = deidentifier.deidentify(IdentifiedImages.ct(), pseudonyms);
        Attributes second = deidentifier.deidentify(IdentifiedImages.ct(), pseudonyms);
        assertEquals(pseudonyms.uids.get(IdentifiedImages.STUDY), first.getString(Tag.StudyInstanceUID));
        assertEquals(first.getString(Tag.StudyInstanceUID), second.getString(Tag.StudyInstanceUID));
        assertEquals(first.getString(Tag.FrameOfReferenceUID), second.getString(Tag.FrameOfReferenceUID));
        assertNotEquals(IdentifiedImages.STUDY, first.getString(Tag.StudyInstanceUID));
        assertEquals(pseudonyms.uids.get(IdentifiedImages.REFERENCED_SOP),
                first.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID),
                "X/Z/U*: the reference stays, pointing at the replacement");
        assertTrue(listed.containsAll(pseudonyms.uids.keySet()), "nothing replaced that was not listed");
    }

    @Test
    void aUidReadAsUnknownInImplicitVrIsReplacedAndRestoredLikeAnyOther() throws IOException {
        String irradiationEvent = "1.2.826.0.1.3680043.9.7433.77.9";
        Attributes ct = IdentifiedImages.ct();
        ct.setBytes(0x00083010, VR.UN, (irradiationEvent + "\0").getBytes(StandardCharsets.US_ASCII));
        assertTrue(new Deidentifier(DeidentificationOptions.defaults()).uidsToReplace(ct).contains(irradiationEvent));
        MapPseudonyms pseudonyms = new MapPseudonyms("VARDE-P1", 0);
        Attributes copy = new Deidentifier(DeidentificationOptions.defaults()).deidentify(ct, pseudonyms);
        assertEquals(pseudonyms.uids.get(irradiationEvent), copy.getString(0x00083010));
        assertTrue(Reidentifier.uidsIn(copy).contains(pseudonyms.uids.get(irradiationEvent)));
        Attributes back = Reidentifier.of(pseudonyms.reversed(), IdentifiedImages.ct()).reidentify(copy);
        assertEquals(irradiationEvent, back.getString(0x00083010));
    }

    @Test
    void patientIsPseudonymisedBirthDateBecomesAgeAndSexIsKept() throws IOException {
        Attributes header = new Deidentifier(DeidentificationOptions.defaults())
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", -10));
        assertEquals("VARDE-P1", header.getString(Tag.PatientID));
        assertEquals("VARDE^P1", header.getString(Tag.PatientName));
        assertNull(header.getString(Tag.PatientBirthDate), "Z: present and empty");
        assertTrue(header.contains(Tag.PatientBirthDate));
        assertEquals("064Y", header.getString(Tag.PatientAge), "computed from 19610412 at 20260302");
        assertEquals("F", header.getString(Tag.PatientSex));
        assertEquals("CHEST", header.getString(Tag.BodyPartExamined), "not in the table: kept");
    }

    @Test
    void modifiedDatesShiftEveryDateByThePatientsOffsetAndKeepTimes() throws IOException {
        Attributes header = new Deidentifier(DeidentificationOptions.defaults())
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", -10));
        assertEquals("20260220", header.getString(Tag.StudyDate));
        assertEquals("20260220", header.getString(Tag.SeriesDate));
        assertEquals("101500", header.getString(Tag.StudyTime));
        assertEquals("MODIFIED", header.getString(Deidentifier.LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED));
    }

    @Test
    void removedDatesFollowTheTable() throws IOException {
        Attributes header = new Deidentifier(new DeidentificationOptions(DateHandling.REMOVE, Set.of()))
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", -10));
        assertTrue(header.contains(Tag.StudyDate) && header.getString(Tag.StudyDate) == null, "Study Date: Z");
        assertEquals("19000101", header.getString(Tag.SeriesDate), "Series Date X/D: a dummy");
        assertNull(header.getString(Tag.StudyTime), "Study Time: Z");
        assertEquals("REMOVED", header.getString(Deidentifier.LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED));
    }

    @Test
    void tableActionsForDescriptionsPhysiciansAndInstitution() throws IOException {
        Attributes header = new Deidentifier(DeidentificationOptions.defaults())
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", 0));
        assertFalse(header.contains(Tag.StudyDescription), "X");
        assertFalse(header.contains(Tag.SeriesDescription), "X");
        assertFalse(header.contains(Tag.PerformingPhysicianName), "X");
        assertFalse(header.contains(Tag.InstitutionAddress), "X");
        assertFalse(header.contains(Tag.RequestAttributesSequence), "X");
        assertEquals("REMOVED", header.getString(Tag.InstitutionName), "X/Z/D: a dummy");
        assertTrue(header.contains(Tag.ReferringPhysicianName) && header.getString(Tag.ReferringPhysicianName) == null,
                "Z");
        assertTrue(header.contains(Tag.AccessionNumber) && header.getString(Tag.AccessionNumber) == null, "Z");
        assertEquals("Varde Test", header.getString(Tag.Manufacturer), "not in the table: kept");
    }

    @Test
    void privateElementsGoUnlessTheCatalogueNamesThem() throws IOException {
        Attributes header = new Deidentifier(new DeidentificationOptions(DateHandling.SHIFT, KEEP))
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", 0));
        assertEquals("kept value", header.getString(0x00091020));
        assertEquals(IdentifiedImages.KEPT_CREATOR, header.getString(0x00090010));
        assertFalse(header.contains(0x00091021), "same creator, element not named");
        assertFalse(header.contains(0x00090011), "creator of no kept element");
        assertFalse(header.contains(0x00091110));
        Attributes none = new Deidentifier(DeidentificationOptions.defaults())
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", 0));
        for (int tag : none) {
            assertFalse(Tag.isPrivate(tag), Tag.toString(tag) + " is private and was kept");
        }
    }

    @Test
    void theMarksNameTheProfileAndTheOptionsInCid7050() throws IOException {
        Attributes header = new Deidentifier(new DeidentificationOptions(DateHandling.SHIFT, KEEP))
                .deidentify(IdentifiedImages.ct(), new MapPseudonyms("VARDE-P1", 0));
        assertEquals("YES", header.getString(Deidentifier.PATIENT_IDENTITY_REMOVED));
        List<Attributes> codes = header.getSequence(Deidentifier.DEIDENTIFICATION_METHOD_CODE_SEQUENCE);
        assertEquals(List.of("113100", "113107", "113108", "113111"),
                codes.stream().map(c -> c.getString(Tag.CodeValue)).toList());
        assertTrue(codes.stream().allMatch(c -> "DCM".equals(c.getString(Tag.CodingSchemeDesignator))));
        assertTrue(header.getStrings(Deidentifier.DEIDENTIFICATION_METHOD).length >= 1);
    }

    @Test
    void burnedInAnnotationIsRefused() {
        Attributes ct = IdentifiedImages.ct();
        ct.setString(Deidentifier.BURNED_IN_ANNOTATION, VR.CS, "YES");
        DeidentificationException e = assertThrows(DeidentificationException.class,
                () -> new Deidentifier(DeidentificationOptions.defaults()).deidentify(ct, new MapPseudonyms("P", 0)));
        assertTrue(e.getMessage().contains("Burned In Annotation"), e.getMessage());
    }

    @Test
    void reidentificationRestoresUidsAndIdentity() throws IOException {
        MapPseudonyms pseudonyms = new MapPseudonyms("VARDE-P1", -10);
        Attributes copy = new Deidentifier(DeidentificationOptions.defaults()).deidentify(IdentifiedImages.ct(), pseudonyms);
        String newUidOfVendor = "1.2.3.4.5";
        copy.setString(Tag.SOPInstanceUID, VR.UI, newUidOfVendor);
        Attributes back = Reidentifier.of(pseudonyms.reversed(), IdentifiedImages.ct()).reidentify(copy);
        assertEquals(IdentifiedImages.STUDY, back.getString(Tag.StudyInstanceUID));
        assertEquals(IdentifiedImages.SERIES, back.getString(Tag.SeriesInstanceUID));
        assertEquals(IdentifiedImages.REFERENCED_SOP,
                back.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID));
        assertEquals(newUidOfVendor, back.getString(Tag.SOPInstanceUID), "the vendor's own UIDs stay");
        assertEquals("Nordmann^Kari", back.getString(Tag.PatientName));
        assertEquals("PID-4471", back.getString(Tag.PatientID));
        assertEquals("19610412", back.getString(Tag.PatientBirthDate));
        assertEquals("ACC-99812", back.getString(Tag.AccessionNumber));
        assertEquals("20260302", back.getString(Tag.StudyDate));
        assertFalse(back.contains(Deidentifier.PATIENT_IDENTITY_REMOVED));
        assertFalse(back.contains(Deidentifier.DEIDENTIFICATION_METHOD_CODE_SEQUENCE));
    }

    @Test
    void anObjectInTheDefaultRepertoireTakesTheOriginalsCharacterSetSoARestoredNameSurvivesEncoding()
            throws IOException {
        Attributes original = latinName(IdentifiedImages.ct());
        MapPseudonyms pseudonyms = new MapPseudonyms("VARDE-P1", -10);
        Attributes copy = new Deidentifier(DeidentificationOptions.defaults())
                .deidentify(latinName(IdentifiedImages.ct()), pseudonyms);
        copy.remove(Tag.SpecificCharacterSet);
        copy.setString(Tag.SeriesDescription, VR.LO, "Vendor report");
        Attributes back = Reidentifier.of(pseudonyms.reversed(), original).reidentify(copy);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out, TransferSyntax.EXPLICIT_LE).writeDataSet(back);
        Attributes read = new org.varde.dicom.data.DicomReader(new java.io.ByteArrayInputStream(out.toByteArray()),
                TransferSyntax.EXPLICIT_LE).readDataSet();
        assertEquals("ISO_IR 192", read.getString(Tag.SpecificCharacterSet));
        assertEquals("Løvås^Ragnhild", read.getString(Tag.PatientName));
        assertEquals("Vendor report", read.getString(Tag.SeriesDescription), "the vendor's own text reads the same");
    }

    private static Attributes latinName(Attributes ds) {
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.PatientName, VR.PN, "Løvås^Ragnhild");
        return ds;
    }

    @Test
    void theTableHoldsTheBasicProfile() {
        ProfileTable table = ProfileTable.basic();
        assertTrue(table.size() > 550, "Table E.1-1 lists some 600 attributes, loaded " + table.size());
        assertEquals(ProfileAction.Z, table.entry(Tag.PatientName).action());
        assertEquals(ProfileAction.U, table.entry(Tag.StudyInstanceUID).action());
        assertEquals(ProfileAction.X_Z_U, table.entry(Tag.ReferencedImageSequence).action());
        assertEquals(ProfileAction.X, table.entry(0x60023000).action(), "Overlay Data in any repeating group");
        assertEquals(ProfileAction.X, table.entry(0x50101234).action(), "Curve Data");
        assertNull(table.entry(Tag.Modality));
    }

    static byte[] encode(Attributes ds) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out, TransferSyntax.EXPLICIT_LE).writeDataSet(ds);
        return out.toByteArray();
    }

    /** Byte for byte: ISO 8859-1 maps each byte to one char and back. */
    static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1)
                .contains(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
