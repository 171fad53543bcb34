package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files written here are read by dcmtk, and files dcmtk converts are read back here. */
class DcmtkInteropTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result runOk(Path dir, String... command) throws IOException, InterruptedException {
        Result result = run(dir, command);
        assertEquals(0, result.exitCode, String.join(" ", command) + " failed: " + result.stderr);
        return result;
    }

    /** A small CT image with a sequence, Norwegian UTF-8 names and 16-bit pixels whose bytes differ. */
    static Attributes ctImage() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, UID.generate());
        ds.setString(Tag.StudyDate, VR.DA, "20261128");
        ds.setString(Tag.StudyTime, VR.TM, "101530");
        ds.setString(Tag.AccessionNumber, VR.SH, "A-2026-17");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Varde Test");
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax – lungeemboli?");
        List<Attributes> codes = ds.newSequence(Tag.ProcedureCodeSequence);
        Attributes code = new Attributes();
        codes.add(code);
        code.setString(Tag.CodeValue, VR.SH, "ZT-CT-01");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "99VARDE");
        code.setString(Tag.CodeMeaning, VR.LO, "CT thorax med kontrast");
        ds.setString(Tag.PatientName, VR.PN, "Ærøy^Åse Kristin");
        ds.setString(Tag.PatientID, VR.LO, "PID-0001");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19570304");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.PatientAge, VR.AS, "069Y");
        ds.setString(Tag.BodyPartExamined, VR.CS, "CHEST");
        ds.setDouble(Tag.SliceThickness, VR.DS, 1.25);
        ds.setDouble(Tag.CTDIvol, VR.FD, 7.5);
        ds.setString(Tag.StudyInstanceUID, VR.UI, UID.generate());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UID.generate());
        ds.setInt(Tag.SeriesNumber, VR.IS, 2);
        ds.setInt(Tag.InstanceNumber, VR.IS, 1);
        ds.setDouble(Tag.ImagePositionPatient, VR.DS, -100, -120.5, 30);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 16);
        ds.setInt(Tag.Columns, VR.US, 16);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.7, 0.7);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setDouble(Tag.RescaleIntercept, VR.DS, -1024);
        ds.setDouble(Tag.RescaleSlope, VR.DS, 1);
        byte[] pixels = new byte[16 * 16 * 2];
        for (int i = 0; i < 16 * 16; i++) {
            int v = (i * 37) % 4096;
            pixels[2 * i] = (byte) v;
            pixels[2 * i + 1] = (byte) (v >>> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    static Part10Read readFile(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File header = Part10.readHeader(in);
            long remaining = Files.size(file) - header.dataSetOffset();
            try (DicomReader reader = new DicomReader(in, header.transferSyntax(), remaining)) {
                return new Part10Read(header, reader.readDataSet());
            }
        }
    }

    record Part10Read(Part10File header, Attributes dataSet) {
    }

    @Test
    void fileWrittenByPart10IsReadByDcmdumpWithTheValues() throws Exception {
        Attributes ds = ctImage();
        Path file = dir.resolve("ct.dcm");
        Part10.writeFile(file, ds, TransferSyntax.EXPLICIT_LE);

        Result dump = runOk(dir, "dcmdump", "-dc", "+E", "-M", file.toString());
        assertFalse(dump.stderr.contains("E:") || dump.stderr.contains("W:"), dump.stderr);
        String out = dump.stdout;
        assertTrue(out.contains("(0002,0010) UI =LittleEndianExplicit"), out);
        assertTrue(out.contains("(0002,0013) SH [VARDE_010"), out);
        assertTrue(out.contains("(0002,0012) UI [" + Implementation.CLASS_UID + "]"), out);
        // an odd-length UID is padded with NUL, which dcmdump prints as "&#0;" inside the brackets
        assertTrue(out.contains("(0002,0003) UI [" + ds.getString(Tag.SOPInstanceUID)), out);
        assertTrue(out.contains("(0010,0010) PN [Ærøy^Åse Kristin ]"), out);
        assertTrue(out.contains("(0008,1030) LO [CT thorax – lungeemboli?]"), out);
        assertTrue(out.contains("(0008,0100) SH [ZT-CT-01]"), out);
        assertTrue(out.contains("(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]"), out);
        assertTrue(out.contains("(0018,9345) FD 7.5"), out);
        assertTrue(out.contains("(0028,0010) US 16"), out);
        assertTrue(out.contains("(7fe0,0010) OW 0000\\0025\\004a"), out);
    }

    /** The data set part of a dcmdump listing, without the lines that name the encoding. */
    private static String dataSetLines(String dump) {
        StringBuilder out = new StringBuilder();
        for (String line : dump.split("\n")) {
            if (!line.startsWith("#") && !line.startsWith("(0002,") && !line.isBlank()) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void filesWrittenInEverySyntaxAreReadByDcmtkAsTheSameDataSet() throws Exception {
        Attributes ds = ctImage();
        String reference = null;
        for (int variant = 0; variant < 2 * Codec.NATIVE.length; variant++) {
            TransferSyntax ts = Codec.NATIVE[variant / 2];
            boolean undefinedLengths = variant % 2 == 1;
            Path file = dir.resolve("ct-" + variant + ".dcm");
            if (undefinedLengths) {
                try (java.io.OutputStream out = Files.newOutputStream(file)) {
                    Part10.writeFileMetaInformation(out, UID.CTImageStorage, ds.getString(Tag.SOPInstanceUID),
                            ts.uid(), "VARDE");
                    new DicomWriter(out, ts).undefinedLengths(true).writeDataSet(ds);
                }
            } else {
                Part10.writeFile(file, ds, ts);
            }
            Result header = runOk(dir, "dcmdump", "-M", "-Un", "+P", "0002,0010", file.toString());
            assertTrue(header.stdout.contains(ts.uid()), header.stdout);
            // dcmtk re-encodes it in one syntax with explicit lengths, so every listing must agree
            Path normalised = dir.resolve("normalised-" + variant + ".dcm");
            runOk(dir, "dcmconv", "+te", "+e", file.toString(), normalised.toString());
            Result dump = runOk(dir, "dcmdump", "-dc", "+E", normalised.toString());
            assertFalse(dump.stderr.contains("E:") || dump.stderr.contains("W:"), ts + ": " + dump.stderr);
            String lines = dataSetLines(dump.stdout);
            if (reference == null) {
                reference = lines;
            } else {
                assertEquals(reference, lines, "dcmtk sees a different data set in " + ts + " " + undefinedLengths);
            }
        }
    }

    @Test
    void fileMetaInformationIsConformant() throws Exception {
        Attributes ds = ctImage();
        Path file = dir.resolve("ct.dcm");
        Part10.writeFile(file, ds, TransferSyntax.EXPLICIT_LE);
        Part10Read read = readFile(file);
        Attributes meta = read.header().fileMetaInformation();
        assertArrayEquals(new byte[] {0, 1}, meta.getBytes(Tag.FileMetaInformationVersion));
        assertEquals(UID.CTImageStorage, meta.getString(Tag.MediaStorageSOPClassUID));
        assertEquals(ds.getString(Tag.SOPInstanceUID), meta.getString(Tag.MediaStorageSOPInstanceUID));
        assertEquals(UID.ExplicitVRLittleEndian, meta.getString(Tag.TransferSyntaxUID));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals('D', bytes[128]);
        int groupLength = meta.getInt(Tag.FileMetaInformationGroupLength, -1);
        assertEquals(132 + 12 + groupLength, read.header().dataSetOffset(), "data set starts after group 0002");
        assertEquals(DataSetPropertiesTest.evenPadded(ds), read.dataSet());
    }

    @ParameterizedTest
    @CsvSource({"+tb, 1.2.840.10008.1.2.2", "+td, 1.2.840.10008.1.2.1.99", "+ti, 1.2.840.10008.1.2",
        "-e, 1.2.840.10008.1.2.1"})
    void filesConvertedByDcmconvReadBackWithTheSameAttributes(String option, String tsUid) throws Exception {
        Attributes ds = ctImage();
        Path original = dir.resolve("original.dcm");
        Path converted = dir.resolve("converted.dcm");
        Part10.writeFile(original, ds, TransferSyntax.EXPLICIT_LE);
        runOk(dir, "dcmconv", option, original.toString(), converted.toString());

        Part10Read read = readFile(converted);
        assertEquals(tsUid, read.header().transferSyntax().uid());
        assertEquals(DataSetPropertiesTest.evenPadded(ds), read.dataSet());
        assertEquals("Ærøy^Åse Kristin", read.dataSet().getString(Tag.PatientName));
    }

    @ParameterizedTest
    @CsvSource({"+te, 1.2.840.10008.1.2.1", "+ti, 1.2.840.10008.1.2"})
    void bareDataSetWithoutMetaInformationIsDetected(String option, String tsUid) throws Exception {
        Attributes ds = ctImage();
        Path original = dir.resolve("original.dcm");
        Path bare = dir.resolve("bare.dcm");
        Part10.writeFile(original, ds, TransferSyntax.EXPLICIT_LE);
        runOk(dir, "dcmconv", "-F", option, original.toString(), bare.toString());

        Part10Read read = readFile(bare);
        assertEquals(0, read.header().dataSetOffset());
        assertTrue(read.header().fileMetaInformation().isEmpty());
        assertEquals(tsUid, read.header().transferSyntax().uid());
        try (DicomReader reader = new DicomReader(Files.newInputStream(bare), read.header().transferSyntax(),
                Files.size(bare))) {
            assertEquals(DataSetPropertiesTest.evenPadded(ds), reader.readDataSet());
        }
    }

    @Test
    void jpegCompressedByDcmcjpegReadsBackWithTheSameHeaderAndItsFragments() throws Exception {
        Attributes ds = ctImage();
        Path original = dir.resolve("original.dcm");
        Path jpeg = dir.resolve("jpeg.dcm");
        Part10.writeFile(original, ds, TransferSyntax.EXPLICIT_LE);
        runOk(dir, "dcmcjpeg", original.toString(), jpeg.toString());

        Part10Read read = readFile(jpeg);
        assertEquals(UID.JPEGLosslessSV1, read.header().transferSyntax().uid());
        assertTrue(read.header().transferSyntax().encapsulated());
        Attributes back = read.dataSet();
        List<byte[]> fragments = back.getFragments(Tag.PixelData);
        assertNotNull(fragments, "pixel data is encapsulated");
        assertTrue(fragments.size() >= 2, "offset table and at least one fragment");
        byte[] first = fragments.get(1);
        assertEquals((byte) 0xFF, first[0]);
        assertEquals((byte) 0xD8, first[1], "a JPEG stream starts with SOI");
        List<Integer> differing = new ArrayList<>();
        for (int tag : ds) {
            if (tag != Tag.PixelData && !java.util.Arrays.equals(ds.getBytes(tag), back.getBytes(tag))
                    && ds.getSequence(tag) == null) {
                differing.add(tag);
            }
        }
        assertEquals(List.of(), differing, "attributes changed by compression");
        assertEquals(ds.getSequence(Tag.ProcedureCodeSequence), back.getSequence(Tag.ProcedureCodeSequence));

        // and what we write back out is still a file dcmtk can decompress
        Path rewritten = dir.resolve("rewritten.dcm");
        Part10.writeFile(rewritten, back, read.header().transferSyntax());
        Path decompressed = dir.resolve("decompressed.dcm");
        runOk(dir, "dcmdjpeg", rewritten.toString(), decompressed.toString());
        assertArrayEquals(ds.getBytes(Tag.PixelData), readFile(decompressed).dataSet().getBytes(Tag.PixelData),
                "lossless: same pixels after our pass-through of the fragments");
    }
}
