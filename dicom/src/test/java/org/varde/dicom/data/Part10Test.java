package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class Part10Test {

    private static byte[] fileWithMeta(byte[] metaElements, byte[] dataSet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes(new byte[] {'D', 'I', 'C', 'M'});
        out.writeBytes(metaElements);
        out.writeBytes(dataSet);
        return out.toByteArray();
    }

    private static byte[] metaWithoutGroupLength() {
        return new Bytes().longHeader(Tag.FileMetaInformationVersion, "OB", 2).raw((byte) 0, (byte) 1)
                .shortElement(Tag.MediaStorageSOPClassUID, "UI", UID.CTImageStorage)
                .shortElement(Tag.TransferSyntaxUID, "UI", UID.ExplicitVRBigEndian).toArray();
    }

    @Test
    void deflatedDataSetsAreEvenAndReadBackWhateverTheirCompressedLength() throws IOException {
        // the compressed length's parity follows the content: some of these deflate to an odd length
        int odd = 0;
        for (int n = 0; n < 40; n++) {
            Attributes ds = new Attributes().setString(Tag.SOPInstanceUID, VR.UI, "1.2.3." + n)
                    .setString(Tag.StudyDescription, VR.LO, "x".repeat(n) + n);
            byte[] bytes = Codec.encode(ds, TransferSyntax.DEFLATED_EXPLICIT_LE, false);
            assertEquals(0, bytes.length % 2, "deflated data set of " + n + " is odd");
            assertEquals(ds, Codec.decode(bytes, TransferSyntax.DEFLATED_EXPLICIT_LE));
            odd += deflateStreamEndsBefore(bytes, bytes.length - 1) ? 1 : 0;
        }
        assertTrue(odd > 0, "no data set needed the pad: the test shows nothing");
    }

    /** Whether the data set still reads whole without its last byte, i.e. that byte is the pad. */
    private static boolean deflateStreamEndsBefore(byte[] bytes, int length) {
        try {
            Codec.decode(java.util.Arrays.copyOf(bytes, length), TransferSyntax.DEFLATED_EXPLICIT_LE);
            return true;
        } catch (IOException | RuntimeException truncated) {
            return false;
        }
    }

    @Test
    void headerLeavesTheStreamAtTheFirstByteOfTheDataSet() throws IOException {
        Attributes ds = new Attributes().setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage)
                .setString(Tag.SOPInstanceUID, VR.UI, "1.2.3").setString(Tag.Modality, VR.CS, "CT");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10.writeFileMetaInformation(out, UID.CTImageStorage, "1.2.3", UID.ExplicitVRBigEndian, "MODALITY1");
        int metaEnd = out.size();
        out.writeBytes(Codec.encode(ds, TransferSyntax.EXPLICIT_BE, false));
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        Part10File header = Part10.readHeader(in);
        assertEquals(metaEnd, header.dataSetOffset());
        assertEquals("MODALITY1", header.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle));
        assertEquals(TransferSyntax.EXPLICIT_BE, header.transferSyntax());
        assertEquals(ds, new DicomReader(in, header.transferSyntax()).readDataSet());
    }

    @Test
    void metaInformationWithoutGroupLengthIsReadFromARewindableStream() throws IOException {
        Attributes ds = new Attributes().setString(Tag.Modality, VR.CS, "MR");
        byte[] meta = metaWithoutGroupLength();
        byte[] file = fileWithMeta(meta, Codec.encode(ds, TransferSyntax.EXPLICIT_BE, false));
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(file));
        Part10File header = Part10.readHeader(in);
        assertEquals(132 + meta.length, header.dataSetOffset());
        assertEquals(TransferSyntax.EXPLICIT_BE, header.transferSyntax());
        assertEquals("MR", new DicomReader(in, header.transferSyntax()).readDataSet().getString(Tag.Modality));
    }

    @Test
    void metaInformationWithoutGroupLengthOnAPlainStreamIsRejected() {
        byte[] file = fileWithMeta(metaWithoutGroupLength(), new byte[0]);
        InputStream unmarkable = new InputStream() {
            private final ByteArrayInputStream bytes = new ByteArrayInputStream(file);

            @Override
            public int read() {
                return bytes.read();
            }
        };
        DicomFormatException e = assertThrows(DicomFormatException.class, () -> Part10.readHeader(unmarkable));
        assertTrue(e.getMessage().contains("(0002,0000)"), e.getMessage());
    }

    @Test
    void implausibleGroupLengthIsRejected() {
        byte[] meta = new Bytes().shortElement(Tag.FileMetaInformationGroupLength, "UL", "").toArray();
        byte[] lying = new Bytes().tag(Tag.FileMetaInformationGroupLength).ascii("UL").u16(4).u32(0x7FFFFFF0L)
                .toArray();
        assertThrows(DicomFormatException.class, () -> Part10.readHeader(new ByteArrayInputStream(
                fileWithMeta(meta, new byte[0]))));
        DicomFormatException e = assertThrows(DicomFormatException.class,
                () -> Part10.readHeader(new ByteArrayInputStream(fileWithMeta(lying, new byte[0]))));
        assertTrue(e.getMessage().contains("implausible"), e.getMessage());
    }

    @Test
    void metaInformationWithoutTransferSyntaxIsRejected() throws IOException {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        byte[] elements = new Bytes().shortElement(Tag.MediaStorageSOPClassUID, "UI", UID.CTImageStorage).toArray();
        meta.writeBytes(new Bytes().tag(Tag.FileMetaInformationGroupLength).ascii("UL").u16(4).u32(elements.length)
                .toArray());
        meta.writeBytes(elements);
        DicomFormatException e = assertThrows(DicomFormatException.class,
                () -> Part10.readHeader(new ByteArrayInputStream(fileWithMeta(meta.toByteArray(), new byte[0]))));
        assertTrue(e.getMessage().contains("(0002,0010)"), e.getMessage());
    }
}
