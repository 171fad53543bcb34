package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedInputTest {

    private static final long UNDEFINED = 0xFFFFFFFFL;

    private static Attributes sample() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.840.1.2.3");
        ds.setString(Tag.PatientName, VR.PN, "Nordmann^Kari");
        ds.setInt(Tag.Rows, VR.US, 2);
        List<Attributes> items = ds.newSequence(Tag.ReferencedSeriesSequence);
        Attributes item = new Attributes().setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4");
        item.newSequence(Tag.ReferencedImageSequence).add(new Attributes().setString(Tag.ReferencedSOPInstanceUID,
                VR.UI, "1.2.3.4.5"));
        items.add(item);
        ds.setFragments(Tag.PixelData, VR.OB, List.of(new byte[0], new byte[] {1, 2, 3, 4, 5, 6}));
        return ds;
    }

    /** Sizes of the encodings of the first k top-level elements: where a cut leaves a valid data set. */
    private static Set<Integer> topLevelBoundaries(Attributes ds, TransferSyntax ts, boolean undefined)
            throws IOException {
        Set<Integer> boundaries = new HashSet<>();
        Attributes prefix = new Attributes();
        boundaries.add(0);
        for (int tag : ds) {
            Attributes one = Attributes.shallowCopy(ds);
            for (int other : ds) {
                if (Integer.compareUnsigned(other, tag) > 0) {
                    one.remove(other);
                }
            }
            prefix = one;
            boundaries.add(Codec.encode(prefix, ts, undefined).length);
        }
        return boundaries;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"})
    void inputCutAtAnyOffsetIsRejectedUnlessTheCutFallsBetweenTopLevelElements(String uid) throws IOException {
        TransferSyntax ts = TransferSyntax.of(uid);
        for (boolean undefined : new boolean[] {false, true}) {
            Attributes ds = sample();
            byte[] whole = Codec.encode(ds, ts, undefined);
            Set<Integer> boundaries = topLevelBoundaries(ds, ts, undefined);
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] truncated = Arrays.copyOf(whole, cut);
                for (boolean withLimit : new boolean[] {true, false}) {
                    try {
                        Attributes read = withLimit ? Codec.decode(truncated, ts)
                                : Codec.decodeWithoutLimit(truncated, ts);
                        assertTrue(boundaries.contains(cut), "cut at " + cut + " of " + whole.length
                                + " was accepted in " + ts + ", undefined=" + undefined);
                        assertTrue(read.size() < ds.size());
                    } catch (DicomFormatException e) {
                        assertFalse(boundaries.contains(cut), "cut at a boundary " + cut + " rejected: " + e);
                        assertTrue(e.getMessage().contains("("), "message names a tag: " + e.getMessage());
                        assertTrue(e.offset() >= 0 && e.offset() <= cut, "offset " + e.offset() + " for cut " + cut);
                    }
                }
            }
        }
    }

    @Test
    void deflatedInputCutAnywhereIsRejectedWithDicomFormatException() throws IOException {
        byte[] whole = Codec.encode(sample(), TransferSyntax.DEFLATED_EXPLICIT_LE, true);
        for (int cut = 1; cut < whole.length - 1; cut++) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            try {
                Attributes read = Codec.decode(truncated, TransferSyntax.DEFLATED_EXPLICIT_LE);
                assertTrue(read.size() < sample().size(), "cut " + cut + " read as the whole data set");
            } catch (DicomFormatException expected) {
                // the deflate stream or the data set ends early: either way a format error
            }
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static byte[] paddedTo200(Bytes bytes) {
        return Arrays.copyOf(bytes.toArray(), 200);
    }

    @Test
    void hugeLengthInSmallInputIsRejectedWithoutAllocatingIt() throws IOException {
        List<byte[]> liars = new ArrayList<>();
        liars.add(paddedTo200(new Bytes().shortElement(Tag.PatientID, "LO", "ID").longHeader(0x00091010, "OB",
                0x7FFFFFF0L)));
        liars.add(paddedTo200(new Bytes().longHeader(Tag.ContentSequence, "SQ", UNDEFINED)
                .implicitHeader(Tag.Item, 0x7FFFFFF0L)));
        liars.add(paddedTo200(new Bytes().longHeader(Tag.PixelData, "OB", UNDEFINED)
                .implicitHeader(Tag.Item, 0).implicitHeader(Tag.Item, 0x7FFFFFF0L)));
        liars.add(paddedTo200(new Bytes().longHeader(0x00091010, "UN", 0xFFFFFFF0L)));
        for (byte[] liar : liars) {
            for (boolean withLimit : new boolean[] {true, false}) {
                long before = allocatedBytes();
                long start = System.nanoTime();
                DicomFormatException e = assertThrows(DicomFormatException.class, () -> {
                    if (withLimit) {
                        Codec.decode(liar, TransferSyntax.EXPLICIT_LE);
                    } else {
                        Codec.decodeWithoutLimit(liar, TransferSyntax.EXPLICIT_LE);
                    }
                });
                long allocated = allocatedBytes() - before;
                assertTrue(allocated < 4 * DicomInput.CHUNK, "allocated " + allocated + " bytes for " + e);
                assertTrue(System.nanoTime() - start < 1_000_000_000L, "took too long");
            }
        }
    }

    @Test
    void implicitLengthBeyondTheEnclosingItemIsRejected() {
        byte[] bytes = new Bytes().implicitHeader(Tag.ReferencedSeriesSequence, 24)
                .implicitHeader(Tag.Item, 16).implicitHeader(Tag.SeriesInstanceUID, 12).ascii("1.2.3.4.5.67")
                .toArray();
        DicomFormatException e = assertThrows(DicomFormatException.class,
                () -> Codec.decode(bytes, TransferSyntax.IMPLICIT_LE));
        assertTrue(e.getMessage().contains("(0020,000E)"), e.getMessage());
    }

    @Test
    void nestingDeeperThanTheBoundIsRejectedNotAStackOverflow() {
        Bytes bytes = new Bytes();
        for (int i = 0; i < 5000; i++) {
            bytes.implicitHeader(Tag.ContentSequence, UNDEFINED).implicitHeader(Tag.Item, UNDEFINED);
        }
        byte[] input = bytes.toArray();
        DicomFormatException e = assertThrows(DicomFormatException.class,
                () -> Codec.decode(input, TransferSyntax.IMPLICIT_LE));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void oddLengthValuesAreReadAsTheyAre() throws IOException {
        byte[] bytes = new Bytes().shortElement(Tag.StudyDescription, "LO", "ABC")
                .shortElement(Tag.Modality, "CS", "MR").toArray();
        Attributes read = Codec.decode(bytes, TransferSyntax.EXPLICIT_LE);
        assertEquals("ABC", read.getString(Tag.StudyDescription));
        assertEquals(3, read.getBytes(Tag.StudyDescription).length);
        assertEquals("MR", read.getString(Tag.Modality));
    }

    @Test
    void undefinedLengthUnknownElementInImplicitVrIsASequenceOfItems() throws IOException {
        // PS3.5 6.2.2: such a value is an SQ in Implicit VR Little Endian
        byte[] bytes = new Bytes().implicitHeader(0x00091010, UNDEFINED).implicitHeader(Tag.Item, UNDEFINED)
                .implicitHeader(Tag.CodeValue, 4).ascii("T-01").implicitHeader(Tag.ItemDelimitationItem, 0)
                .implicitHeader(Tag.SequenceDelimitationItem, 0).implicitHeader(Tag.Modality, 2).ascii("CT")
                .toArray();
        Attributes read = Codec.decode(bytes, TransferSyntax.IMPLICIT_LE);
        assertEquals("T-01", read.getSequence(0x00091010).get(0).getString(Tag.CodeValue));
        assertEquals("CT", read.getString(Tag.Modality));
    }

    @Test
    void undefinedLengthUnInExplicitVrIsReadAsImplicitVrSequence() throws IOException {
        byte[] bytes = new Bytes().longHeader(0x00091010, "UN", UNDEFINED).implicitHeader(Tag.Item, 12)
                .implicitHeader(Tag.CodeValue, 4).ascii("T-01").implicitHeader(Tag.SequenceDelimitationItem, 0)
                .shortElement(Tag.Modality, "CS", "CT").toArray();
        Attributes read = Codec.decode(bytes, TransferSyntax.EXPLICIT_LE);
        assertEquals("T-01", read.getSequence(0x00091010).get(0).getString(Tag.CodeValue));
        assertEquals(VR.SH, read.getSequence(0x00091010).get(0).getVR(Tag.CodeValue));
        assertEquals("CT", read.getString(Tag.Modality));
    }

    @Test
    void standardTextAttributesSentAsUnAreReadWithTheirOwnVr() throws IOException {
        // PS3.5 6.2.2: a router without these in its dictionary re-encoded them as UN
        String study = "1.2.826.0.1.3680043.8.498.1";
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_LE, TransferSyntax.EXPLICIT_BE)) {
            byte[] bytes = new Bytes().bigEndian(ts == TransferSyntax.EXPLICIT_BE)
                    .longHeader(Tag.SpecificCharacterSet, "UN", 10).ascii("ISO_IR 100")
                    .longHeader(Tag.PatientName, "UN", 10).raw("S\u00f8rensen^K".getBytes(StandardCharsets.ISO_8859_1))
                    .longHeader(Tag.BodyPartExamined, "UN", 6).ascii("CHEST ")
                    .longHeader(Tag.StudyInstanceUID, "UN", study.length() + 1).ascii(study).raw((byte) 0)
                    .longHeader(0x00091001, "UN", 4).raw((byte) 1, (byte) 2, (byte) 3, (byte) 4)
                    .longHeader(Tag.StudyDescription, "UN", 0x10000).raw(new byte[0x10000])
                    .longHeader(Tag.Rows, "UN", 2).raw((byte) 0, (byte) 2).toArray();
            Attributes read = Codec.decode(bytes, ts);
            assertEquals(study, read.getString(Tag.StudyInstanceUID), ts.toString());
            assertEquals(VR.UI, read.getVR(Tag.StudyInstanceUID));
            assertEquals("CHEST", read.getString(Tag.BodyPartExamined));
            assertEquals("S\u00f8rensen^K", read.getString(Tag.PatientName), "decoded in the UN-coded character set");
            assertEquals(VR.UN, read.getVR(0x00091001), "a private value stays UN");
            assertEquals(VR.UN, read.getVR(Tag.Rows), "a binary value stays UN: its byte order is not known");
            assertEquals(VR.UN, read.getVR(Tag.StudyDescription), "longer than an LO can say in Explicit VR");
        }
    }

    @Test
    void unCodedTextIsWrittenBackWithItsDictionaryVrAndReadsTheSame() throws IOException {
        // what a pseudonymised copy does with such elements: the writer sees the dictionary VR
        byte[] bytes = new Bytes().longHeader(Tag.StudyDescription, "UN", 10).ascii("CT THORAX ")
                .longHeader(0x00090010, "UN", 4).ascii("ACME").longHeader(0x00091001, "UN", 2).raw((byte) 1, (byte) 2)
                .toArray();
        Attributes read = Codec.decode(bytes, TransferSyntax.EXPLICIT_LE);
        byte[] written = Codec.encode(read, TransferSyntax.EXPLICIT_LE, false);
        assertEquals("LO", new String(written, 4, 2, StandardCharsets.US_ASCII), "Study Description's VR on the wire");
        assertEquals("UN", new String(written, 8 + 10 + 8 + 4 + 4, 2, StandardCharsets.US_ASCII),
                "the private value's VR on the wire");
        for (TransferSyntax ts : Codec.NATIVE) {
            Attributes again = Codec.roundTrip(read, ts, false);
            assertEquals("CT THORAX", again.getString(Tag.StudyDescription), ts.toString());
            assertEquals(VR.LO, again.getVR(Tag.StudyDescription));
            assertEquals("ACME", again.getString(0x00090010), "the private creator, as LO");
            assertArrayEquals(new byte[] {1, 2}, again.getBytes(0x00091001), ts.toString());
        }
    }

    @Test
    void invalidVrIsRejected() {
        byte[] bytes = new Bytes().tag(Tag.PatientID).ascii("zz").u16(2).ascii("AB").toArray();
        DicomFormatException e = assertThrows(DicomFormatException.class,
                () -> Codec.decode(bytes, TransferSyntax.EXPLICIT_LE));
        assertTrue(e.getMessage().contains("(0010,0020)"), e.getMessage());
    }

    @Test
    void readUntilPixelDataLeavesTheStreamAtThePixelDataElement() throws IOException {
        Attributes ds = sample();
        byte[] bytes = Codec.encode(ds, TransferSyntax.EXPLICIT_LE, false);
        InputStream in = new ByteArrayInputStream(bytes);
        DicomReader reader = new DicomReader(in, TransferSyntax.EXPLICIT_LE, bytes.length);
        Attributes header = reader.readDataSetUntil(Tag.PixelData);
        assertFalse(header.contains(Tag.PixelData));
        assertEquals("Nordmann^Kari", header.getString(Tag.PatientName));
        assertNotNull(header.getSequence(Tag.ReferencedSeriesSequence));
        byte[] rest = in.readAllBytes();
        assertEquals(bytes.length - reader.position(), rest.length + 4, "only the peeked tag is held back");
        assertArrayEquals(new byte[] {'O', 'B'}, Arrays.copyOfRange(rest, 0, 2));
    }

    @Test
    void garbageNeverEscapesAsAnythingButDicomFormatException() {
        java.util.Random random = new java.util.Random(42);
        byte[] valid = new byte[0];
        try {
            valid = Codec.encode(sample(), TransferSyntax.EXPLICIT_LE, true);
        } catch (IOException e) {
            fail(e);
        }
        for (int round = 0; round < 5000; round++) {
            byte[] mutated = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            for (TransferSyntax ts : Codec.NATIVE) {
                try {
                    Codec.decodeWithoutLimit(mutated, ts);
                } catch (DicomFormatException expected) {
                    // fine
                } catch (Exception | Error e) {
                    fail("round " + round + " in " + ts + ": " + e, e);
                }
            }
        }
    }
}
