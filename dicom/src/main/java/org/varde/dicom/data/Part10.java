package org.varde.dicom.data;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** DICOM files (PS3.10 7.1): 128-byte preamble, "DICM", File Meta Information in Explicit VR LE, data set. */
public final class Part10 {

    static final int PREAMBLE_LENGTH = 128;
    private static final byte[] MAGIC = {'D', 'I', 'C', 'M'};
    /** Group 0002 of a real file is a few hundred bytes; a longer group length is an attack or garbage. */
    private static final long MAX_META_LENGTH = 64 * 1024;

    private Part10() {
    }

    /**
     * Reads preamble, "DICM" and group 0002, leaving {@code in} at the first byte of the data set. A
     * file without preamble is taken as a bare data set: its transfer syntax is detected (Implicit or
     * Explicit VR LE, PS3.5 A.1 and A.2), the meta information is empty and the offset 0, and the
     * caller reads the data set again from the start: a stream that supports mark (a
     * BufferedInputStream) is reset to its start here already.
     */
    public static Part10File readHeader(InputStream in) throws IOException {
        byte[] start = new byte[PREAMBLE_LENGTH + MAGIC.length];
        boolean rewindable = in.markSupported();
        if (rewindable) {
            in.mark(start.length);
        }
        int n = in.readNBytes(start, 0, start.length);
        if (n == start.length && hasMagic(start)) {
            return readFileMetaInformation(in);
        }
        if (rewindable) {
            in.reset();
        }
        return new Part10File(new Attributes(), detectBareSyntax(start, n), 0);
    }

    private static boolean hasMagic(byte[] start) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (start[PREAMBLE_LENGTH + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Explicit VR if the bytes after the first tag are a VR's two upper-case letters. */
    private static TransferSyntax detectBareSyntax(byte[] start, int n) {
        if (n >= 6 && VR.fromCode(((start[4] & 0xFF) << 8) | (start[5] & 0xFF)) != null) {
            return TransferSyntax.EXPLICIT_LE;
        }
        return TransferSyntax.IMPLICIT_LE;
    }

    /**
     * PS3.10 7.1: (0002,0000) comes first and gives the length of the rest of the group, so the reader
     * stops exactly at the data set without reading ahead. Some writers leave it out; then, if the
     * stream can be rewound, the group is read up to the first element of another group.
     */
    private static Part10File readFileMetaInformation(InputStream in) throws IOException {
        long offset = PREAMBLE_LENGTH + MAGIC.length;
        boolean rewindable = in.markSupported();
        if (rewindable) {
            in.mark((int) MAX_META_LENGTH);
        }
        Attributes first = new DicomReader(in, TransferSyntax.EXPLICIT_LE, 12).readDataSetUntil(0x00020001);
        byte[] groupLength = first.getBytes(Tag.FileMetaInformationGroupLength);
        Attributes meta;
        long metaLength;
        if (groupLength != null && groupLength.length == 4 && first.getVR(Tag.FileMetaInformationGroupLength) == VR.UL) {
            metaLength = 12 + (first.getInt(Tag.FileMetaInformationGroupLength, 0) & 0xFFFFFFFFL);
            if (metaLength > MAX_META_LENGTH) {
                throw new DicomFormatException("File Meta Information group length " + (metaLength - 12)
                        + " is implausible", offset + 8);
            }
            meta = new DicomReader(in, TransferSyntax.EXPLICIT_LE, metaLength - 12).readDataSet();
            meta.setBytes(Tag.FileMetaInformationGroupLength, VR.UL, groupLength);
        } else if (rewindable) {
            in.reset();
            DicomReader reader = new DicomReader(in, TransferSyntax.EXPLICIT_LE, MAX_META_LENGTH);
            meta = reader.readDataSetUntil(0x00030000);
            metaLength = reader.position();
            in.reset();
            in.skipNBytes(metaLength);
        } else {
            throw new DicomFormatException("File Meta Information does not start with (0002,0000) UL", offset);
        }
        for (int tag : meta) {
            if (Tag.group(tag) != 0x0002) {
                throw new DicomFormatException("Element " + Tag.toString(tag) + " inside File Meta Information",
                        offset);
            }
        }
        String tsUid = meta.getString(Tag.TransferSyntaxUID);
        if (tsUid == null) {
            throw new DicomFormatException("File Meta Information without (0002,0010) Transfer Syntax UID", offset);
        }
        return new Part10File(meta, TransferSyntax.of(tsUid), offset + metaLength);
    }

    /**
     * Writes preamble, "DICM" and group 0002 (PS3.10 7.1): group length, version 00\01, media storage
     * SOP class and instance, transfer syntax, Varde's implementation class UID and version name, and
     * the source AE title when known.
     */
    public static void writeFileMetaInformation(OutputStream out, String sopClassUid, String sopInstanceUid,
            String transferSyntaxUid, String sourceAeTitleOrNull) throws IOException {
        Attributes meta = new Attributes();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        meta.setString(Tag.ImplementationClassUID, VR.UI, Implementation.CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, Implementation.VERSION_NAME);
        if (sourceAeTitleOrNull != null && !sourceAeTitleOrNull.isBlank()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAeTitleOrNull.trim());
        }
        ByteArrayOutputStream group = new ByteArrayOutputStream(256);
        new DicomWriter(group, TransferSyntax.EXPLICIT_LE).writeDataSet(meta);
        Attributes length = new Attributes().setInt(Tag.FileMetaInformationGroupLength, VR.UL, group.size());
        out.write(new byte[PREAMBLE_LENGTH]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        new DicomWriter(out, TransferSyntax.EXPLICIT_LE).writeDataSet(length);
        group.writeTo(out);
    }

    /** Writes a Part 10 file; the meta information names the data set's SOP Class and Instance UIDs. */
    public static void writeFile(Path path, Attributes dataSet, TransferSyntax ts) throws IOException {
        String sopClass = dataSet.getString(Tag.SOPClassUID);
        String sopInstance = dataSet.getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new IllegalArgumentException("Data set without SOP Class UID or SOP Instance UID");
        }
        Attributes body = withoutFileMetaGroup(dataSet);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024)) {
            writeFileMetaInformation(out, sopClass, sopInstance, ts.uid(), null);
            new DicomWriter(out, ts).writeDataSet(body);
        }
    }

    private static Attributes withoutFileMetaGroup(Attributes dataSet) {
        boolean hasGroup2 = false;
        for (int tag : dataSet) {
            hasGroup2 |= Tag.group(tag) == 0x0002;
        }
        if (!hasGroup2) {
            return dataSet;
        }
        Attributes copy = Attributes.shallowCopy(dataSet);
        for (int tag : dataSet) {
            if (Tag.group(tag) == 0x0002) {
                copy.remove(tag);
            }
        }
        return copy;
    }
}
