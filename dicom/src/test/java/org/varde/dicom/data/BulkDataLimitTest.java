package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkDataLimitTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static Attributes withBlob(int blobLength) {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientID, VR.LO, "P1");
        ds.setBytes(0x00091010, VR.OB, new byte[blobLength]);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[16]);
        return ds;
    }

    private static Attributes readHeader(byte[] bytes, TransferSyntax ts, int limit) throws IOException {
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), ts).bulkDataLimit(limit)) {
            return reader.readDataSetUntil(Tag.PixelData);
        }
    }

    @Test
    void valuesAboveTheLimitAreSkippedWithoutBeingHeld() throws IOException {
        byte[] bytes = Codec.encode(withBlob(4 * 1024 * 1024), TransferSyntax.EXPLICIT_LE, false);
        long before = allocatedBytes();
        Attributes header = readHeader(bytes, TransferSyntax.EXPLICIT_LE, 64 * 1024);
        long allocated = allocatedBytes() - before;
        assertFalse(header.contains(0x00091010));
        assertEquals("P1", header.getString(Tag.PatientID));
        assertEquals("1.2.3", header.getString(Tag.StudyInstanceUID));
        assertTrue(allocated < 512 * 1024, "allocated " + allocated);
    }

    @Test
    void deflatedDataSetThatInflatesEnormouslyIsReadInBoundedMemory() throws IOException {
        byte[] deflated = Codec.encode(withBlob(96 * 1024 * 1024), TransferSyntax.DEFLATED_EXPLICIT_LE, false);
        assertTrue(deflated.length < 1024 * 1024, "the test needs a small compressed input: " + deflated.length);
        long before = allocatedBytes();
        Attributes header = readHeader(deflated, TransferSyntax.DEFLATED_EXPLICIT_LE, 64 * 1024);
        long allocated = allocatedBytes() - before;
        assertEquals("1.2.3", header.getString(Tag.StudyInstanceUID));
        assertTrue(allocated < 2 * 1024 * 1024, "allocated " + allocated + " for " + deflated.length + " input bytes");
    }

    @Test
    void encapsulatedPixelDataWithALargeFragmentIsLeftOutWhole() throws IOException {
        Attributes ds = new Attributes();
        ds.setFragments(Tag.PixelData, VR.OB, List.of(new byte[0], new byte[100], new byte[5000], new byte[10]));
        ds.setBytes(Tag.DataSetTrailingPadding, VR.OB, new byte[4]);
        byte[] bytes = Codec.encode(ds, TransferSyntax.EXPLICIT_LE, false);
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_LE)
                .bulkDataLimit(1000)) {
            Attributes read = reader.readDataSet();
            assertNull(read.getFragments(Tag.PixelData));
            assertTrue(read.contains(Tag.DataSetTrailingPadding));
        }
    }

    @Test
    void skippedValueCutShortIsStillATruncation() throws IOException {
        byte[] bytes = Codec.encode(withBlob(100_000), TransferSyntax.EXPLICIT_LE, false);
        byte[] cut = Arrays.copyOf(bytes, 50_000);
        DicomFormatException e = assertThrows(DicomFormatException.class,
                () -> readHeader(cut, TransferSyntax.EXPLICIT_LE, 1024));
        assertTrue(e.getMessage().contains("(0009,1010)"), e.getMessage());
    }
}
