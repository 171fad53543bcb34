package org.varde.dicom.deident;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Part10Rewriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance rewritten as a stream in every transfer syntax the reader handles: header
 * de-identified, pixel data byte for byte, elements after Pixel Data cleaned, and dcmtk reads the
 * result.
 */
class StreamingDeidentificationTest {
    private static final byte[] PADDING = "Data set trailing padding of Kari".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian,
            UID.DeflatedExplicitVRLittleEndian, UID.JPEGBaseline8Bit, UID.RLELossless})
    void headerIsDeidentifiedPixelDataCopiedAndDcmtkReadsTheResult(String tsUid) throws Exception {
        TransferSyntax ts = TransferSyntax.of(tsUid);
        Attributes original = IdentifiedImages.ct();
        byte[] pixels = pixelBytes(32);
        if (ts.encapsulated()) {
            original.setFragments(Tag.PixelData, VR.OB, List.of(new byte[0], pixels));
        } else {
            original.setBytes(Tag.PixelData, VR.OW, pixels);
        }
        original.setBytes(0xFFFCFFFC, VR.OB, PADDING);
        original.setString(0x7FE10010, VR.LO, "TRAILER CREATOR");
        original.setString(0x7FE11010, VR.LO, "Private secret after pixels");
        Path in = dir.resolve("in.dcm");
        Path out = dir.resolve("out.dcm");
        Part10.writeFile(in, original, ts);

        MapPseudonyms pseudonyms = new MapPseudonyms("VARDE-P9", -30);
        Deidentifier deidentifier = new Deidentifier(DeidentificationOptions.defaults());
        new Part10Rewriter(1 << 20).rewrite(in, out, deidentifier.transform(pseudonyms));

        Attributes written = read(out);
        assertEquals(tsUid, transferSyntaxOf(out));
        assertEquals(pseudonyms.uids.get(IdentifiedImages.SOP), written.getString(Tag.SOPInstanceUID));
        assertEquals("VARDE-P9", written.getString(Tag.PatientID));
        if (ts.encapsulated()) {
            assertArrayEquals(pixels, written.getFragments(Tag.PixelData).get(1));
        } else {
            assertArrayEquals(pixels, written.getBytes(Tag.PixelData));
        }
        assertFalse(written.contains(0xFFFCFFFC), "trailing padding is X");
        assertFalse(written.contains(0x7FE11010), "a private element after the pixels is removed too");
        if (!ts.deflated()) {
            byte[] bytes = Files.readAllBytes(out);
            for (String value : IdentifiedImages.IDENTIFYING) {
                assertFalse(DeidentifierTest.contains(bytes, value.getBytes(StandardCharsets.UTF_8)), value);
            }
            assertFalse(DeidentifierTest.contains(bytes, IdentifiedImages.STUDY.getBytes(StandardCharsets.US_ASCII)));
        }
        Process dcmdump = new ProcessBuilder("dcmdump", "-q", out.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dcmdump.txt").toFile()).start();
        assertTrue(dcmdump.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, dcmdump.exitValue(), Files.readString(dir.resolve("dcmdump.txt")));
        assertTrue(Files.readString(dir.resolve("dcmdump.txt")).contains("VARDE-P9"));
    }

    @Test
    void nativePixelDataIsTheSameBytesOnDiskAfterTheNewHeader() throws Exception {
        Attributes original = IdentifiedImages.ct();
        byte[] pixels = pixelBytes(64);
        original.setBytes(Tag.PixelData, VR.OW, pixels);
        Path in = dir.resolve("in.dcm");
        Path out = dir.resolve("out.dcm");
        Part10.writeFile(in, original, TransferSyntax.EXPLICIT_LE);
        new Part10Rewriter(1 << 20).rewrite(in, out,
                new Deidentifier(DeidentificationOptions.defaults()).transform(new MapPseudonyms("P", 0)));
        byte[] inBytes = Files.readAllBytes(in);
        byte[] outBytes = Files.readAllBytes(out);
        byte[] inTail = java.util.Arrays.copyOfRange(inBytes, inBytes.length - pixels.length - 12, inBytes.length);
        byte[] outTail = java.util.Arrays.copyOfRange(outBytes, outBytes.length - pixels.length - 12, outBytes.length);
        assertArrayEquals(inTail, outTail, "the Pixel Data element, header and value, as it was");
    }

    @Test
    void aHeaderLargerThanTheBoundIsRefusedBeforeItIsHeld() throws Exception {
        Attributes original = IdentifiedImages.ct();
        original.setBytes(0x00420011, VR.OB, new byte[200_000]);
        original.setBytes(Tag.PixelData, VR.OW, pixelBytes(8));
        Path in = dir.resolve("in.dcm");
        Part10.writeFile(in, original, TransferSyntax.EXPLICIT_LE);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new Part10Rewriter(64 * 1024).rewrite(in, dir.resolve("out.dcm"),
                        new Deidentifier(DeidentificationOptions.defaults()).transform(new MapPseudonyms("P", 0))));
        assertTrue(e.getMessage().contains("exceeds") || e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void aDeflatedInstanceThatInflatesLikeABombIsRefused() throws Exception {
        Attributes original = IdentifiedImages.ct();
        original.setBytes(Tag.PixelData, VR.OW, new byte[20 * 1024 * 1024]);
        Path in = dir.resolve("bomb.dcm");
        Part10.writeFile(in, original, TransferSyntax.DEFLATED_EXPLICIT_LE);
        assertTrue(Files.size(in) < 200 * 1024, "zeros deflate about 1000:1, was " + Files.size(in));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new Part10Rewriter(1 << 20).rewrite(in, dir.resolve("out.dcm"),
                        new Deidentifier(DeidentificationOptions.defaults()).transform(new MapPseudonyms("P", 0))));
        assertTrue(e.getMessage().contains("inflates more than"), e.getMessage());
    }

    @Test
    void aLargeInstanceGoesThroughAJvmWithASmallHeap() throws Exception {
        Path in = dir.resolve("large.dcm");
        Path out = dir.resolve("large-out.dcm");
        long pixelBytes = LargeInstance.write(in, 300L * 1024 * 1024);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("large.log");
        Process process = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LargeInstance.class.getName(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "rewrite did not finish");
        assertEquals(0, process.exitValue(), Files.readString(log));
        assertEquals(LargeInstance.digestOfTail(in, pixelBytes), LargeInstance.digestOfTail(out, pixelBytes),
                "300 MB of pixel data byte for byte");
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(out))) {
            Part10File file = Part10.readHeader(stream);
            Attributes header = new DicomReader(stream, file.transferSyntax()).readDataSetUntil(Tag.PixelData);
            assertEquals("LARGE-P", header.getString(Tag.PatientID));
            assertNull(header.getString(Tag.PatientBirthDate));
        }
        Files.delete(in);
        Files.delete(out);
    }

    private static Attributes read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            return new DicomReader(in, part10.transferSyntax()).readDataSet();
        }
    }

    private static String transferSyntaxOf(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Part10.readHeader(in).transferSyntax().uid();
        }
    }

    static byte[] pixelBytes(int n) {
        byte[] pixels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) (i * 7 + 3);
        }
        return pixels;
    }
}
