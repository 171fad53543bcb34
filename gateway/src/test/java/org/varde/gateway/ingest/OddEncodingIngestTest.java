package org.varde.gateway.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.Status;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.testing.DicomFiles;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encodings the standard allows, or that real senders produce, which a test corpus of generated
 * images never has: each is taken with success, stored byte for byte, and journaled with the values a
 * route needs. Data sets are written by hand, since no writer would produce most of them.
 */
class OddEncodingIngestTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.4711";
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR",
            "UT", "SV", "UV");

    @TempDir
    Path tmp;
    private IngestFixture fixture;
    private int serial;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void privateSequenceSentAsUnOfUndefinedLengthBeforeTheStudyAttributes() throws Exception {
        // PS3.5 6.2.2 (CP-246): an unknown sequence re-encoded in Explicit VR is UN, its items Implicit VR
        Sop sop = next();
        DataSet inner = new DataSet(false).implicit(0x00091011, ascii("deep value"))
                .implicitUndefined(0x00091012, item(new DataSet(false).implicit(0x00100010, ascii("Nested^Name"))));
        DataSet ds = sop.head(new DataSet(true)).explicit(0x00090010, "LO", ascii("ACME 1.0"))
                .explicitUndefined(0x00091010, "UN", item(new DataSet(false).implicitUndefined(0x00091010, item(inner))),
                        item(new DataSet(false)))
                .explicit(0x00100010, "PN", ascii("Odd^Patient")).explicit(0x00100020, "LO", ascii("ODD1"));
        InstanceRecord r = storedUnchanged(sop, sop.tail(ds), UID.ExplicitVRLittleEndian);
        assertEquals("Odd^Patient", r.patientName());
        assertEquals("CHEST", r.bodyPartExamined());
    }

    @Test
    void studyAttributesSentAsUnAreStillRead() throws Exception {
        Sop sop = next();
        DataSet ds = new DataSet(true).explicit(0x00080016, "UI", ui(UID.CTImageStorage))
                .explicit(0x00080018, "UI", ui(sop.uid)).explicit(0x00080060, "UN", ascii("CT"))
                .explicit(0x00100020, "UN", ascii("UN1 ")).explicit(0x00180015, "UN", ascii("CHEST "))
                .explicit(0x0020000D, "UN", ui(STUDY)).explicit(0x0020000E, "UN", ui(sop.series));
        InstanceRecord r = storedUnchanged(sop, ds, UID.ExplicitVRLittleEndian);
        assertEquals(STUDY, r.studyInstanceUid());
        assertEquals(sop.series, r.seriesInstanceUid());
        assertEquals("CT", r.modality());
        assertEquals("CHEST", r.bodyPartExamined());
        assertEquals("UN1", r.patientId());
    }

    @Test
    void valuesOfOddLengthAndNulPaddingAreTakenAsTheyCome() throws Exception {
        Sop sop = next();
        DataSet ds = sop.head(new DataSet(true)).explicit(0x00081030, "LO", ascii("CT THORAX\0"))
                .explicitOdd(0x00100010, "PN", ascii("Odd^Len")).explicitOdd(0x00100020, "LO", ascii("ODD"));
        InstanceRecord r = storedUnchanged(sop, sop.tail(ds), UID.ExplicitVRLittleEndian);
        assertEquals("Odd^Len", r.patientName());
        assertEquals("ODD", r.patientId());
        assertEquals("CT THORAX", r.studyDescription());
    }

    @Test
    void namesInIso2022AndGb18030AreDecoded() throws Exception {
        // PS3.5 H.3.1: Japanese with ISO 2022 IR 87 escapes, the first value of 0008,0005 empty
        byte[] japanese = "Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B".getBytes(StandardCharsets.ISO_8859_1);
        Sop jp = next();
        InstanceRecord r = storedUnchanged(jp, jp.tail(new DataSet(true).explicit(0x00080005, "CS", ascii("\\ISO 2022 IR 87"))
                .explicit(0x00080016, "UI", ui(UID.CTImageStorage)).explicit(0x00080018, "UI", ui(jp.uid))
                .explicit(0x00080060, "CS", ascii("CT")).explicit(0x00100010, "PN", japanese)), UID.ExplicitVRLittleEndian);
        assertEquals("Yamada^Tarou=\u5c71\u7530^\u592a\u90ce", r.patientName());

        Sop gb = next();
        byte[] chinese = "Wang^XiaoDong=\u738b^\u5c0f\u4e1c".getBytes(Charset.forName("GB18030"));
        r = storedUnchanged(gb, gb.tail(new DataSet(true).explicit(0x00080005, "CS", ascii("GB18030"))
                .explicit(0x00080016, "UI", ui(UID.CTImageStorage)).explicit(0x00080018, "UI", ui(gb.uid))
                .explicit(0x00080060, "CS", ascii("CT")).explicit(0x00100010, "PN", chinese)), UID.ExplicitVRLittleEndian);
        assertEquals("Wang^XiaoDong=\u738b^\u5c0f\u4e1c", r.patientName());
    }

    @Test
    void implicitVrWithPrivateSequencesNestedThreeDeep() throws Exception {
        // PS3.5 7.5: in Implicit VR an element of undefined length the dictionary does not know is a sequence
        Sop sop = next();
        DataSet level3 = new DataSet(false).implicit(0x00111001, ascii("three "));
        DataSet level2 = new DataSet(false).implicitUndefined(0x00111010, item(level3));
        DataSet level1 = new DataSet(false).implicitUndefined(0x00111010, item(level2));
        DataSet ds = new DataSet(false).implicit(0x00080016, ui(UID.CTImageStorage)).implicit(0x00080018, ui(sop.uid))
                .implicit(0x00080060, ascii("CT")).implicit(0x00100010, ascii("Implicit^Deep "))
                .implicit(0x00110010, ascii("DEEP CREATOR")).implicitUndefined(0x00111010, definedItem(level1))
                .implicit(0x00180015, ascii("CHEST ")).implicit(0x0020000D, ui(STUDY)).implicit(0x0020000E, ui(sop.series))
                .implicit(0x7FE00010, new byte[32]);
        InstanceRecord r = storedUnchanged(sop, ds, UID.ImplicitVRLittleEndian);
        assertEquals("Implicit^Deep", r.patientName());
        assertEquals("CHEST", r.bodyPartExamined());
    }

    @Test
    void groupLengthsLengthToEndSixtyFourBitVrsAndLongTextBeforeThePixels() throws Exception {
        Sop sop = next();
        DataSet group8 = new DataSet(true).explicit(0x00080001, "UL", le32(0))
                .explicit(0x00080016, "UI", ui(UID.CTImageStorage)).explicit(0x00080018, "UI", ui(sop.uid))
                .explicit(0x00080060, "CS", ascii("CT"));
        DataSet ds = new DataSet(true).explicit(0x00080000, "UL", le32(group8.size())).append(group8)
                .explicit(0x00170010, "LO", ascii("VR64")).explicit(0x00171001, "OV", le64(Long.MIN_VALUE + 5))
                .explicit(0x00171002, "SV", le64(-5)).explicit(0x00171003, "UV", le64(7))
                .explicit(0x00171004, "UC", ascii("x".repeat(70_000))).explicit(0x00171005, "UR", ascii("http://example.org/a"))
                .explicit(0x00171006, "UT", ascii("line\r\nline"));
        InstanceRecord r = storedUnchanged(sop, sop.tail(ds), UID.ExplicitVRLittleEndian);
        assertEquals("CT", r.modality());
    }

    @Test
    void emptySequencesOfBothLengthsAndEmptyItems() throws Exception {
        Sop sop = next();
        DataSet ds = sop.head(new DataSet(true)).explicit(0x00081032, "SQ", new byte[0])
                .explicitUndefined(0x00081110, "SQ").explicitUndefined(0x00081115, "SQ", item(new DataSet(true)),
                        definedItem(new DataSet(true)));
        storedUnchanged(sop, sop.tail(ds), UID.ExplicitVRLittleEndian);
    }

    @Test
    void explicitBigEndian() throws Exception {
        Sop sop = next();
        DataSet ds = new DataSet(true, true).explicit(0x00080016, "UI", ui(UID.CTImageStorage))
                .explicit(0x00080018, "UI", ui(sop.uid)).explicit(0x00080060, "CS", ascii("CT"))
                .explicit(0x00180015, "CS", ascii("CHEST ")).explicit(0x0020000D, "UI", ui(STUDY))
                .explicit(0x0020000E, "UI", ui(sop.series)).explicit(0x00200013, "IS", ascii("7 "))
                .explicit(0x00280010, "US", new byte[] {0, 2}).explicit(0x7FE00010, "OW", new byte[8]);
        InstanceRecord r = storedUnchanged(sop, ds, UID.ExplicitVRBigEndian);
        assertEquals("CHEST", r.bodyPartExamined());
    }

    @Test
    void deflatedDataSetOfOddLength() throws Exception {
        // deflate ends where it ends: dcmconv +td writes such files, and some senders send them so
        for (int n = 0; n < 64; n++) {
            Sop sop = next();
            byte[] plain = sop.tail(sop.head(new DataSet(true)).explicit(0x00081030, "LO", ascii("DEFLATE " + "x".repeat(n) + " ")))
                    .bytes();
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
                z.write(plain);
            }
            if (deflated.size() % 2 == 1) {
                InstanceRecord r = storedUnchanged(sop, deflated.toByteArray(), UID.DeflatedExplicitVRLittleEndian);
                assertEquals("CHEST", r.bodyPartExamined());
                return;
            }
        }
        throw new AssertionError("no odd deflate stream in 64 tries");
    }

    // ---- the store, and what it must leave

    private InstanceRecord storedUnchanged(Sop sop, DataSet ds, String transferSyntax) throws Exception {
        return storedUnchanged(sop, ds.bytes(), transferSyntax);
    }

    private InstanceRecord storedUnchanged(Sop sop, byte[] dataSet, String transferSyntax) throws Exception {
        Status status = fixture.store(IngestFixture.request(UID.CTImageStorage, sop.uid, transferSyntax), dataSet, 4096);
        assertEquals(Status.SUCCESS, status, sop.uid);
        Path stored = fixture.spool.root().resolve(STUDY).resolve(sop.series).resolve(sop.uid + ".dcm");
        assertArrayEquals(dataSet, DicomFiles.dataSet(stored), "stored byte for byte");
        assertEquals(transferSyntax, DicomFiles.fileMetaInformation(stored).getString(0x00020010));
        InstanceRecord r = fixture.journal.instance(sop.uid).orElseThrow(() -> new AssertionError("not journaled"));
        assertEquals(STUDY, r.studyInstanceUid());
        assertTrue(r.byteCount() > dataSet.length, "the file with its meta information");
        return r;
    }

    private Sop next() {
        serial++;
        return new Sop("1.2.826.0.1.3680043.8.498.4711.1." + serial, "1.2.826.0.1.3680043.8.498.4711.2." + serial);
    }

    /** An instance's UIDs; its head and tail put the attributes every test needs around what the test adds. */
    private record Sop(String uid, String series) {
        DataSet head(DataSet ds) {
            return ds.explicit(0x00080016, "UI", ui(UID.CTImageStorage)).explicit(0x00080018, "UI", ui(uid))
                    .explicit(0x00080060, "CS", ascii("CT"));
        }

        DataSet tail(DataSet ds) {
            return ds.explicit(0x00180015, "CS", ascii("CHEST ")).explicit(0x0020000D, "UI", ui(STUDY))
                    .explicit(0x0020000E, "UI", ui(series)).explicit(0x7FE00010, "OW", new byte[32]);
        }
    }

    // ---- a hand encoder: elements in the order given, lengths as told

    private static final class DataSet {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final boolean explicitVr;
        private final boolean bigEndian;

        DataSet(boolean explicitVr) {
            this(explicitVr, false);
        }

        DataSet(boolean explicitVr, boolean bigEndian) {
            this.explicitVr = explicitVr;
            this.bigEndian = bigEndian;
        }

        DataSet explicit(int tag, String vr, byte[] value) {
            return explicitOdd(tag, vr, even(value, vr));
        }

        /** The value as given, even when its length is odd (PS3.5 7.1.1 says even; some senders do not). */
        DataSet explicitOdd(int tag, String vr, byte[] value) {
            tag(tag);
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (LONG_VRS.contains(vr)) {
                u16(0);
                u32(value.length);
            } else {
                u16(value.length);
            }
            out.writeBytes(value);
            return this;
        }

        DataSet explicitUndefined(int tag, String vr, byte[]... items) {
            tag(tag);
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            u16(0);
            u32(UNDEFINED);
            for (byte[] item : items) {
                out.writeBytes(item);
            }
            return delimiter(0xFFFEE0DD);
        }

        DataSet implicit(int tag, byte[] value) {
            tag(tag);
            u32(value.length);
            out.writeBytes(value);
            return this;
        }

        DataSet implicitUndefined(int tag, byte[]... items) {
            tag(tag);
            u32(UNDEFINED);
            for (byte[] item : items) {
                out.writeBytes(item);
            }
            return delimiter(0xFFFEE0DD);
        }

        DataSet rawHeader(int tag, long length) {
            tag(tag);
            u32(length);
            return this;
        }

        DataSet append(DataSet other) {
            out.writeBytes(other.bytes());
            return this;
        }

        DataSet delimiter(int tag) {
            tag(tag);
            u32(0);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        private void u16(int v) {
            out.write(bigEndian ? v >>> 8 : v);
            out.write(bigEndian ? v : v >>> 8);
        }

        private void u32(long v) {
            if (bigEndian) {
                u16((int) (v >>> 16));
                u16((int) v & 0xFFFF);
            } else {
                u16((int) v & 0xFFFF);
                u16((int) (v >>> 16));
            }
        }
    }

    /** An item of undefined length with its delimiter; items are always Little Endian here. */
    private static byte[] item(DataSet content) {
        DataSet item = new DataSet(false).rawHeader(0xFFFEE000, UNDEFINED);
        item.out.writeBytes(content.bytes());
        return item.delimiter(0xFFFEE00D).bytes();
    }

    private static byte[] definedItem(DataSet content) {
        DataSet item = new DataSet(false).rawHeader(0xFFFEE000, content.size());
        item.out.writeBytes(content.bytes());
        return item.bytes();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** PS3.5 9.1: a UID padded to even length with one NUL. */
    private static byte[] ui(String uid) {
        return even(ascii(uid), "UI");
    }

    private static byte[] even(byte[] value, String vr) {
        if (value.length % 2 == 0) {
            return value;
        }
        byte[] padded = java.util.Arrays.copyOf(value, value.length + 1);
        padded[value.length] = (byte) ("UI".equals(vr) || "OB".equals(vr) || "UN".equals(vr) ? 0 : ' ');
        return padded;
    }

    private static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
