package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DictionaryAndUidTest {

    @Test
    void safeUidsAreDigitsAndDotsWithoutEmptyComponents() {
        assertTrue(UID.isSafe("1.2.840.10008.5.1.4.1.1.2"));
        assertTrue(UID.isSafe("1.02.3"), "leading zero is non-conformant but cannot escape a path");
        assertTrue(UID.isSafe("1." + "2".repeat(62)));
        assertFalse(UID.isSafe("1." + "2".repeat(63)), "65 characters");
        for (String unsafe : new String[] {null, "", ".", "1..2", ".1.2", "1.2.", "1.2.a", "../1", "1/2", "1.2 ",
            "1.2\u0000", "１.2"}) {
            assertFalse(UID.isSafe(unsafe), unsafe);
        }
    }

    @Test
    void validUidsFollowPs35Section91ToTheLetter() {
        assertTrue(UID.isValid("1.2.840.10008.5.1.4.1.1.2"));
        assertTrue(UID.isValid("1.2.0.3"), "a component of just 0 is fine");
        assertTrue(UID.isValid("0"));
        assertTrue(UID.isValid("1." + "2".repeat(62)));
        assertFalse(UID.isValid("1." + "2".repeat(63)), "65 characters");
        for (String invalid : new String[] {null, "", "1.02.3", "01.2", "1.2.00", "1..2", ".1", "1.", "1.2.a",
            "1.2 ", "1.2\u0000", "1.2.840.10008.1.2.1." + "1".repeat(50)}) {
            assertFalse(UID.isValid(invalid), invalid);
        }
    }

    @Test
    void knownTransferSyntaxesAreThoseOfPs36TableA1() {
        assertTrue(TransferSyntax.isKnown(UID.ImplicitVRLittleEndian));
        assertTrue(TransferSyntax.isKnown(UID.DeflatedExplicitVRLittleEndian));
        assertTrue(TransferSyntax.isKnown(UID.JPEG2000));
        assertTrue(TransferSyntax.isKnown(UID.HTJ2K));
        assertFalse(TransferSyntax.isKnown("1.2.840.10008.1.2.4.999"));
        assertFalse(TransferSyntax.isKnown("1.2.840.10008.1.2.6.1"), "MIME, no data set");
        assertFalse(TransferSyntax.isKnown(null));
    }

    @Test
    void generatedUidsFollowPs35B2AndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String uid = UID.generate();
            assertTrue(uid.startsWith("2.25."), uid);
            assertTrue(UID.isValid(uid), uid);
            assertFalse(uid.startsWith("2.25.0") && uid.length() > 6, "no leading zero: " + uid);
            assertTrue(seen.add(uid));
        }
        assertTrue(UID.isSafe(Implementation.CLASS_UID));
        assertTrue(Implementation.CLASS_UID.startsWith("2.25."));
        assertTrue(Implementation.VERSION_NAME.length() <= 16);
    }

    @Test
    void transferSyntaxesKnowTheirEncoding() {
        TransferSyntax implicit = TransferSyntax.of(UID.ImplicitVRLittleEndian);
        assertFalse(implicit.explicitVR());
        assertFalse(implicit.encapsulated());
        assertTrue(TransferSyntax.of(UID.ExplicitVRBigEndian).bigEndian());
        assertTrue(TransferSyntax.of(UID.DeflatedExplicitVRLittleEndian).deflated());
        assertTrue(TransferSyntax.of(UID.JPEGLosslessSV1).encapsulated());
        TransferSyntax future = TransferSyntax.of("1.2.840.10008.1.2.4.999");
        assertTrue(future.explicitVR() && !future.bigEndian() && !future.deflated() && future.encapsulated());
        assertEquals(TransferSyntax.EXPLICIT_LE, TransferSyntax.of("1.2.840.10008.1.2.1\0"));
    }

    @Test
    void dictionaryGivesVrsForImplicitVr() {
        assertEquals(VR.LO, ElementDictionary.vrOf(Tag.PatientID));
        assertEquals(VR.PN, ElementDictionary.vrOf(Tag.PatientName));
        assertEquals(VR.SQ, ElementDictionary.vrOf(Tag.ContentSequence));
        assertEquals(VR.UI, ElementDictionary.vrOf(Tag.StudyInstanceUID));
        assertEquals(VR.DS, ElementDictionary.vrOf(Tag.SliceThickness));
        assertEquals(VR.OW, ElementDictionary.vrOf(Tag.PixelData));
        assertEquals(VR.UL, ElementDictionary.vrOf(0x00280000), "group length");
        assertEquals(VR.LO, ElementDictionary.vrOf(0x00090010), "private creator");
        assertEquals(VR.UN, ElementDictionary.vrOf(0x00091010), "private data");
        assertEquals(VR.UN, ElementDictionary.vrOf(0x00081234), "unknown");
        assertEquals("PatientID", ElementDictionary.keywordOf(Tag.PatientID));
        assertNull(ElementDictionary.keywordOf(0x00091010));
    }

    @Test
    void tagsPrintAsGroupAndElement() {
        assertEquals("(0010,0020)", Tag.toString(Tag.PatientID));
        assertEquals("(7FE0,0010)", Tag.toString(Tag.PixelData));
        assertEquals(0xFFFE, Tag.group(Tag.Item));
        assertEquals(0xE0DD, Tag.element(Tag.SequenceDelimitationItem));
    }

    @Test
    void vrCodesAndLengthFields() {
        assertEquals(VR.OB, VR.fromCode(('O' << 8) | 'B'));
        assertEquals(VR.UV, VR.fromCode(('U' << 8) | 'V'));
        assertNull(VR.fromCode(('z' << 8) | 'z'));
        assertNull(VR.fromCode(-1));
        Set<VR> longLength = EnumSet.noneOf(VR.class);
        for (VR vr : VR.values()) {
            if (vr.hasLongExplicitLength()) {
                longLength.add(vr);
            }
        }
        assertEquals(EnumSet.of(VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.SQ, VR.SV, VR.UC, VR.UN, VR.UR, VR.UT,
                VR.UV), longLength);
    }

    @Test
    void storageSopClassesCoverImagesReportsAndDocuments() {
        for (String uid : new String[] {UID.CTImageStorage, UID.MRImageStorage, UID.ComputedRadiographyImageStorage,
            UID.DigitalXRayImageStorageForPresentation, UID.SecondaryCaptureImageStorage, UID.BasicTextSR,
            UID.EnhancedSR, UID.ComprehensiveSR, UID.KeyObjectSelectionDocument, UID.EncapsulatedPDFStorage,
            UID.GrayscaleSoftcopyPresentationStateStorage, UID.RTStructureSetStorage, UID.SegmentationStorage,
            "1.2.840.10008.5.1.4.1.1.481.5", "1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.5"}) {
            assertTrue(StorageSopClasses.contains(uid), uid);
        }
        assertFalse(StorageSopClasses.contains(UID.Verification));
        assertFalse(StorageSopClasses.contains(UID.ModalityPerformedProcedureStep));
        assertFalse(StorageSopClasses.contains(null));
        assertTrue(StorageSopClasses.all().size() > 150);
        for (String uid : StorageSopClasses.all()) {
            assertTrue(UID.isSafe(uid), uid);
        }
    }
}
