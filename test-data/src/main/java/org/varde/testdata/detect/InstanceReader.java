package org.varde.testdata.detect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.data.Tag;

/**
 * Reads image files with Varde's own codec: first the headers alone (bounded), then one image's
 * pixels at a time. Only native (uncompressed) 16-bit single-sample single-frame pixel data is read;
 * anything else is refused with the reason.
 */
final class InstanceReader {

    /** The generator's largest matrix: no detector reads an image beyond it. */
    private static final int MAX_SIDE = 4096;
    /**
     * Reading an image whole: its Pixel Data (at most 4096 x 4096 x 2 bytes) and a header within the
     * ingest's default budget; deflate bombs refused as the ingest refuses them.
     */
    private static final ReadLimits IMAGE_LIMITS = new ReadLimits(-1,
            2L * MAX_SIDE * MAX_SIDE + ReadLimits.DEFAULT_MAX_KEPT_BYTES, ReadLimits.DEFAULT_MAX_INFLATION_RATIO,
            ReadLimits.DEFAULT_MAX_INFLATED_BYTES);

    private InstanceReader() {
    }

    /** Headers of every file; files that are no DICOM are an error, objects without pixels are marked. */
    static List<ImageHeader> headers(Collection<Path> files) throws IOException {
        List<ImageHeader> headers = new ArrayList<>(files.size());
        String study = null;
        for (Path file : files) {
            ImageHeader header = header(file);
            String uid = header.studyInstanceUid();
            if (study != null && uid != null && !study.equals(uid)) {
                throw new UnreadableImageException("instances of two studies given: " + study + " and " + uid);
            }
            study = study == null ? uid : study;
            headers.add(header);
        }
        return headers;
    }

    static ImageHeader header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            try (DicomReader reader = new DicomReader(in, part10.transferSyntax(), Files.size(file) - part10.dataSetOffset())) {
                // bulk values in a header (overlays, private blobs) are skipped, not kept
                reader.limits(ReadLimits.DEFAULTS);
                Attributes attributes = reader.readDataSetUntil(Tag.PixelData);
                boolean pixels = attributes.contains(Tag.Rows) && !part10.transferSyntax().encapsulated()
                        && reader.position() < Files.size(file) - part10.dataSetOffset();
                return new ImageHeader(file, attributes, pixels);
            }
        }
    }

    /** The pixels of {@code header}'s image, rescaled. */
    static PixelImage pixels(ImageHeader header) throws IOException {
        Attributes h = header.attributes();
        int rows = h.getInt(Tag.Rows, 0);
        int columns = h.getInt(Tag.Columns, 0);
        String where = header.file().getFileName() + " (" + header.sopInstanceUid() + ")";
        if (rows < 1 || columns < 1 || rows > MAX_SIDE || columns > MAX_SIDE) {
            throw new UnreadableImageException(where + ": " + rows + "x" + columns + " is no image this reads");
        }
        if (h.getInt(Tag.BitsAllocated, 0) != 16 || h.getInt(Tag.SamplesPerPixel, 1) != 1
                || h.getInt(Tag.NumberOfFrames, 1) != 1) {
            throw new UnreadableImageException(where + ": only 16-bit, one sample, one frame images are read");
        }
        byte[] data = pixelData(header, where);
        if (data.length < rows * columns * 2) {
            throw new UnreadableImageException(where + ": Pixel Data has " + data.length + " bytes, " + rows + "x"
                    + columns + " needs " + rows * columns * 2);
        }
        return new PixelImage(header, rows, columns, rescale(h, data, rows * columns));
    }

    private static byte[] pixelData(ImageHeader header, String where) throws IOException {
        Path file = header.file();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            if (part10.transferSyntax().encapsulated()) {
                throw new UnreadableImageException(where + ": compressed pixel data (" + part10.transferSyntax().uid()
                        + ") is not read; send it uncompressed");
            }
            try (DicomReader reader = new DicomReader(in, part10.transferSyntax(), Files.size(file) - part10.dataSetOffset())) {
                byte[] data = reader.limits(IMAGE_LIMITS).readDataSet().getBytes(Tag.PixelData);
                if (data == null) {
                    throw new UnreadableImageException(where + ": no Pixel Data");
                }
                return data;
            }
        }
    }

    /** PS3.5 8.1.1: bits above Bits Stored are masked; PS3.3 C.7.6.3.1: signed when Pixel Representation is 1. */
    private static float[] rescale(Attributes h, byte[] data, int count) {
        int bitsStored = Math.max(1, Math.min(16, h.getInt(Tag.BitsStored, 16)));
        boolean signed = h.getInt(Tag.PixelRepresentation, 0) == 1;
        double slope = h.getDouble(Tag.RescaleSlope, 1);
        double intercept = h.getDouble(Tag.RescaleIntercept, 0);
        int mask = (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            int stored = ((data[2 * i] & 0xFF) | (data[2 * i + 1] & 0xFF) << 8) & mask;
            if (signed && (stored & signBit) != 0) {
                stored -= 1 << bitsStored;
            }
            values[i] = (float) (stored * slope + intercept);
        }
        return values;
    }
}
