package org.varde.dicom.net;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small DICOM files made with dcmtk from a generated picture: a JPEG Baseline Secondary Capture
 * (img2dcm), its decompressed Explicit VR LE form (dcmdjpeg) and an Implicit VR LE copy (dcmconv).
 */
final class TestImages {
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    final Path jpegBaseline;
    final Path explicitLe;
    final Path implicitLe;

    private TestImages(Path jpegBaseline, Path explicitLe, Path implicitLe) {
        this.jpegBaseline = jpegBaseline;
        this.explicitLe = explicitLe;
        this.implicitLe = implicitLe;
    }

    static TestImages create(Path dir, int size, long seed) throws IOException, InterruptedException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (x * 255 / size + random.nextInt(32)) & 0xFF;
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        Path jpg = dir.resolve("picture-" + seed + ".jpg");
        ImageIO.write(image, "jpeg", jpg.toFile());
        Path jpeg = dir.resolve("jpeg-" + seed + ".dcm");
        Path explicit = dir.resolve("explicit-" + seed + ".dcm");
        Path implicit = dir.resolve("implicit-" + seed + ".dcm");
        check(Dcmtk.run(60, "img2dcm", jpg.toString(), jpeg.toString()));
        check(Dcmtk.run(60, "dcmdjpeg", jpeg.toString(), explicit.toString()));
        check(Dcmtk.run(60, "dcmconv", "+ti", explicit.toString(), implicit.toString()));
        Files.delete(jpg);
        return new TestImages(jpeg, explicit, implicit);
    }

    private static void check(Dcmtk.Result r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("dcmtk failed: " + r.output());
        }
    }
}
