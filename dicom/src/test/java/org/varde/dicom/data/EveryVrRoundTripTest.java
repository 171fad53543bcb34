package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EveryVrRoundTripTest {

    static List<Arguments> syntaxes() {
        return List.of(
                Arguments.of(TransferSyntax.IMPLICIT_LE, false), Arguments.of(TransferSyntax.IMPLICIT_LE, true),
                Arguments.of(TransferSyntax.EXPLICIT_LE, false), Arguments.of(TransferSyntax.EXPLICIT_LE, true),
                Arguments.of(TransferSyntax.EXPLICIT_BE, false), Arguments.of(TransferSyntax.EXPLICIT_BE, true),
                Arguments.of(TransferSyntax.DEFLATED_EXPLICIT_LE, false),
                Arguments.of(TransferSyntax.DEFLATED_EXPLICIT_LE, true));
    }

    /** One private tag per VR, so Implicit VR reads them back as UN: compare bytes there. */
    private static int privateTag(VR vr) {
        return 0x00990000 | (0x1000 + vr.ordinal());
    }

    static Attributes everyVr() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.RetrieveAETitle, VR.AE, "VARDE");
        ds.setString(Tag.PatientAge, VR.AS, "042Y");
        ds.setInt(Tag.OffendingElement, VR.AT, Tag.PatientID, Tag.PixelData);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.StudyDate, VR.DA, "20261128");
        ds.setDouble(Tag.SliceThickness, VR.DS, 1.25);
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20261128101530.123456+0100");
        ds.setDouble(Tag.CTDIvol, VR.FD, 12.5, -0.25);
        ds.setDouble(Tag.GraphicData, VR.FL, 1.5f, 2.5f, -3.5f);
        ds.setInt(Tag.SeriesNumber, VR.IS, 3, -17);
        ds.setString(Tag.PatientID, VR.LO, "ØRJAN-17");
        ds.setString(Tag.PatientComments, VR.LT, "  leading spaces kept\\backslash kept");
        ds.setBytes(Tag.ICCProfile, VR.OB, new byte[] {1, 2, 3, 4, 5});
        ds.setBytes(Tag.DoubleFloatPixelData, VR.OD, doubles(1.0, 2.0));
        ds.setBytes(Tag.FloatPixelData, VR.OF, new byte[] {0, 0, (byte) 0x80, 0x3F});
        ds.setBytes(privateTag(VR.OL), VR.OL, new byte[] {1, 0, 0, 0, 2, 0, 0, 0});
        ds.setBytes(Tag.ExtendedOffsetTable, VR.OV, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ds.setString(Tag.PatientName, VR.PN, "Ærøsund^Åse Kristine=エレ^アセ");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC123");
        ds.setInt(privateTag(VR.SL), VR.SL, -5, 70000);
        ds.setInt(Tag.PixelIntensityRelationshipSign, VR.SS, -1);
        ds.setString(Tag.InstitutionAddress, VR.ST, "Sykehusveien 1, Tromsø");
        ds.setInt(privateTag(VR.SV), VR.SV, -9);
        ds.setString(Tag.StudyTime, VR.TM, "101530.5");
        ds.setString(Tag.LongCodeValue, VR.UC, "a long code value");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.45");
        ds.setInt(Tag.ReferencedContentItemIdentifier, VR.UL, 1, 2, 0xFFFFFFFF);
        ds.setBytes(privateTag(VR.UN), VR.UN, new byte[] {9, 8, 7});
        ds.setString(Tag.RetrieveURL, VR.UR, "https://pacs.example/wado?x=1");
        ds.setInt(Tag.Rows, VR.US, 512, 65535);
        ds.setString(Tag.TextValue, VR.UT, "free text\\with backslash");
        ds.setInt(privateTag(VR.UV), VR.UV, 7);
        List<Attributes> items = ds.newSequence(Tag.ContentSequence);
        Attributes item = new Attributes();
        item.setString(Tag.ValueType, VR.CS, "TEXT");
        item.setString(Tag.TextValue, VR.UT, "inner ÆØÅ");
        item.newSequence(Tag.ConceptNameCodeSequence).add(new Attributes().setString(Tag.CodeValue, VR.SH, "121071"));
        items.add(item);
        items.add(new Attributes());
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2, 3, 4});
        return ds;
    }

    private static byte[] doubles(double a, double b) {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(a).putDouble(b)
                .array();
    }

    @ParameterizedTest
    @MethodSource("syntaxes")
    void everyVrReadsBackWithTheSameValues(TransferSyntax ts, boolean undefinedLengths) throws Exception {
        Attributes written = everyVr();
        Attributes read = Codec.roundTrip(written, ts, undefinedLengths);

        assertEquals(written.size(), read.size());
        for (int tag : written) {
            byte[] expected = written.getBytes(tag);
            if (expected != null) {
                byte[] padded = expected.length % 2 == 0 ? expected : java.util.Arrays.copyOf(expected, expected.length + 1);
                assertArrayEquals(padded, read.getBytes(tag), Tag.toString(tag) + " in " + ts);
                if (ts.explicitVR()) {
                    assertEquals(written.getVR(tag), read.getVR(tag), Tag.toString(tag));
                }
            }
        }
        assertEquals("ØRJAN-17", read.getString(Tag.PatientID));
        assertEquals("Ærøsund^Åse Kristine=エレ^アセ", read.getString(Tag.PatientName));
        assertEquals("  leading spaces kept\\backslash kept", read.getString(Tag.PatientComments));
        assertEquals(1.25, read.getDouble(Tag.SliceThickness, 0), 1e-9);
        assertEquals(-0.25, Double.parseDouble(read.getStrings(Tag.CTDIvol)[1]), 1e-9);
        assertEquals(-3.5f, Float.parseFloat(read.getStrings(Tag.GraphicData)[2]), 1e-6);
        assertEquals(-17, Integer.parseInt(read.getStrings(Tag.SeriesNumber)[1]));
        assertEquals(65535, Integer.parseInt(read.getStrings(Tag.Rows)[1]));
        assertEquals(512, read.getInt(Tag.Rows, 0));
        assertEquals("4294967295", read.getStrings(Tag.ReferencedContentItemIdentifier)[2]);
        assertEquals(Tag.PatientID, read.getInt(Tag.OffendingElement, 0));
        assertEquals("(7FE0,0010)", read.getStrings(Tag.OffendingElement)[1]);
        assertEquals(-1, read.getInt(Tag.PixelIntensityRelationshipSign, 0));
        assertEquals("1.2.3.45", read.getString(Tag.SOPInstanceUID));
        List<Attributes> items = read.getSequence(Tag.ContentSequence);
        assertEquals(2, items.size());
        assertEquals("inner ÆØÅ", items.get(0).getString(Tag.TextValue), "item inherits the character set");
        assertEquals("121071", items.get(0).getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeValue));
        assertEquals(0, items.get(1).size());
        assertNull(read.getString(Tag.StudyDescription));
        if (ts.explicitVR()) {
            assertEquals(written.getSequence(Tag.ContentSequence), items);
        }
    }

    @ParameterizedTest
    @MethodSource("syntaxes")
    void encapsulatedFragmentsArePassedThroughByteForByte(TransferSyntax ts, boolean undefinedLengths)
            throws Exception {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        ds.setFragments(Tag.PixelData, VR.OB, List.of(new byte[0], new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2},
                new byte[] {5, 6, 7, (byte) 0xD9}));
        Attributes read = Codec.roundTrip(ds, ts, undefinedLengths);
        List<byte[]> fragments = read.getFragments(Tag.PixelData);
        assertEquals(3, fragments.size());
        assertArrayEquals(new byte[0], fragments.get(0));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}, fragments.get(1));
        assertArrayEquals(new byte[] {5, 6, 7, (byte) 0xD9}, fragments.get(2));
    }
}
