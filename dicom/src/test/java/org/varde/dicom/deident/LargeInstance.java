package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomWriter;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10Rewriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.VR;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A multi-frame instance of a given size, written streaming; run as a main in a JVM with a small
 * heap, it de-identifies one file into another (the test's proof that nothing is held whole).
 */
final class LargeInstance {
    private LargeInstance() {
    }

    public static void main(String[] args) throws IOException {
        new Part10Rewriter(1 << 20).rewrite(Path.of(args[0]), Path.of(args[1]),
                new Deidentifier(DeidentificationOptions.defaults()).transform(new MapPseudonyms("LARGE-P", -5)));
    }

    /** Writes the file; returns the pixel data's length (it ends the file). */
    static long write(Path file, long approximateBytes) throws IOException {
        Attributes header = IdentifiedImages.ct();
        int frameBytes = 512 * 512 * 2;
        int frames = (int) (approximateBytes / frameBytes);
        header.setInt(Tag.Rows, VR.US, 512);
        header.setInt(Tag.Columns, VR.US, 512);
        header.setString(0x00280008, VR.IS, Integer.toString(frames));
        long pixelBytes = (long) frameBytes * frames;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Part10.writeFileMetaInformation(out, header.getString(Tag.SOPClassUID), header.getString(Tag.SOPInstanceUID),
                    TransferSyntax.EXPLICIT_LE.uid(), null);
            new DicomWriter(out, TransferSyntax.EXPLICIT_LE).writeDataSet(header);
            byte[] elementHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
                    (byte) pixelBytes, (byte) (pixelBytes >>> 8), (byte) (pixelBytes >>> 16), (byte) (pixelBytes >>> 24)};
            out.write(elementHeader);
            byte[] frame = StreamingDeidentificationTest.pixelBytes(frameBytes);
            for (int i = 0; i < frames; i++) {
                frame[0] = (byte) i;
                out.write(frame);
            }
        }
        return pixelBytes;
    }

    static String digestOfTail(Path file, long length) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Files.size(file) - length);
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
