package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.ReportKey;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result drawn as a picture, for PACS viewers that show no SR: Secondary Capture Image Storage
 * (PS3.3 A.8.1), 8-bit MONOCHROME2, the findings in plain words, the algorithm and its version and the
 * warning "AI result, not verified by a radiologist". Drawn with Java2D headless (no display needed;
 * the JVM needs fontconfig and a font, Debian's fonts-dejavu-core). Filed under the source study in a
 * series of its own, with UIDs derived like the SR's.
 */
public final class SummaryImageWriter {
    static final int WIDTH = 1024;
    static final int HEIGHT = 768;
    private static final int MARGIN = 40;
    private static final java.time.format.DateTimeFormatter READABLE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xx");

    private final PacsWriterOptions options;
    private final DerivedUids uids;

    public SummaryImageWriter(PacsWriterOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.uids = new DerivedUids(options.uidRoot());
    }

    /** The summary image series of a result: every version of it goes there. */
    public String seriesInstanceUid(ReportKey key) {
        return uids.derive("sc-series", key.resultId());
    }

    /** The summary image of one result version: the same for every resend of that version. */
    public String sopInstanceUid(ReportKey key) {
        return uids.derive("sc", key.resultId(), Integer.toString(key.version()));
    }

    /**
     * Draws and writes the summary image; the same arguments give the same data set.
     *
     * @param producedAt when Varde received the result, in the site's zone (as for the SR)
     */
    public PacsObject write(ReportKey key, AlgorithmResult result, StudyContext study, ZonedDateTime producedAt) {
        if (!result.studyInstanceUid().equals(study.studyInstanceUid())) {
            throw new IllegalArgumentException("the result is for study " + result.studyInstanceUid()
                    + " but the study context is " + study.studyInstanceUid());
        }
        String seriesUid = seriesInstanceUid(key);
        String sopUid = sopInstanceUid(key);
        ZonedDateTime when = Objects.requireNonNull(producedAt, "producedAt");
        List<String> lines = lines(result, study, when);

        Attributes ds = new Attributes();
        List<String> texts = new ArrayList<>(study.texts());
        texts.add(result.reportedName());
        CompositeContext.sopCommon(ds, UID.SecondaryCaptureImageStorage, sopUid, CharacterSets.choose(texts), when);
        CompositeContext.patientAndStudy(ds, study);
        generalSeries(ds, seriesUid, result, when);
        CompositeContext.equipment(ds, options);
        CompositeContext.contributingEquipment(ds, result, when);
        secondaryCapture(ds, key, when);
        pixels(ds, render(lines));
        return new PacsObject(UID.SecondaryCaptureImageStorage, sopUid, seriesUid, ds);
    }

    static List<String> lines(AlgorithmResult result, StudyContext study, ZonedDateTime when) {
        List<String> lines = new ArrayList<>();
        lines.add(SummaryText.WARNING.toUpperCase(java.util.Locale.ROOT));
        lines.add("");
        lines.add("Patient: " + study.patientName().replace('^', ' ').trim() + "   ID: " + study.study().patientId());
        lines.add("Study: " + study.studyDescription() + "   " + readableDate(study.studyDate()) + "   Accession: "
                + study.accessionNumber());
        lines.add("Algorithm: " + result.reportedName() + " " + result.reportedVersion() + " ("
                + result.device().manufacturer() + ")");
        lines.add(SummaryText.verdict(result.status(), result.presentFindings().size()));
        lines.add("");
        lines.addAll(SummaryText.findings(result));
        lines.add("");
        lines.add("Produced by Varde " + READABLE.format(when) + ". See the AI result SR for details.");
        return lines;
    }

    /** DA (YYYYMMDD) as YYYY-MM-DD; anything else as it is. */
    private static String readableDate(String da) {
        return da.matches("\\d{8}") ? da.substring(0, 4) + "-" + da.substring(4, 6) + "-" + da.substring(6) : da;
    }

    /** PS3.3 C.7.3.1 General Series: modality OT (other), Varde's own series. */
    private void generalSeries(Attributes ds, String seriesUid, AlgorithmResult result, ZonedDateTime when) {
        ds.setString(Tag.SeriesDate, VR.DA, CompositeContext.date(when));
        ds.setString(Tag.SeriesTime, VR.TM, CompositeContext.time(when));
        ds.setString(Tag.Modality, VR.CS, "OT");
        // Type 2C (paired body parts); empty, as the summary is of the whole study, not one side
        ds.setString(Tag.Laterality, VR.CS, "");
        ds.setString(Tag.SeriesDescription, VR.LO, SrWriter.truncate("AI summary: " + result.reportedName(), 64));
        ds.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        ds.setInt(Tag.SeriesNumber, VR.IS, options.scSeriesNumber());
    }

    /** PS3.3 C.8.6.1 SC Equipment (WSD: made on a workstation), C.7.6.1 General Image, C.8.6.2 SC Image. */
    private static void secondaryCapture(Attributes ds, ReportKey key, ZonedDateTime when) {
        ds.setString(Tag.ImageType, VR.CS, "DERIVED", "SECONDARY");
        ds.setString(Tag.ContentDate, VR.DA, CompositeContext.date(when));
        ds.setString(Tag.ContentTime, VR.TM, CompositeContext.time(when));
        ds.setString(Tag.ConversionType, VR.CS, "WSD");
        ds.setString(Tag.DateOfSecondaryCapture, VR.DA, CompositeContext.date(when));
        ds.setString(Tag.TimeOfSecondaryCapture, VR.TM, CompositeContext.time(when));
        ds.setString(Tag.SecondaryCaptureDeviceManufacturer, VR.LO, PacsWriterOptions.MANUFACTURER);
        ds.setString(Tag.SecondaryCaptureDeviceManufacturerModelName, VR.LO, PacsWriterOptions.MODEL_NAME);
        ds.setInt(Tag.InstanceNumber, VR.IS, key.version());
        ds.setString(Tag.PatientOrientation, VR.CS, "");
        // the picture shows the patient's name and ID: say so (PS3.3 C.7.6.1.1.x)
        ds.setString(Tag.BurnedInAnnotation, VR.CS, "YES");
        ds.setString(Tag.LossyImageCompression, VR.CS, "00");
    }

    /** PS3.3 C.7.6.3 Image Pixel: 8 bits stored in 8, one sample, MONOCHROME2. */
    private static void pixels(Attributes ds, BufferedImage image) {
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, image.getHeight());
        ds.setInt(Tag.Columns, VR.US, image.getWidth());
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        ds.setBytes(Tag.PixelData, VR.OB, pixels.clone());
    }

    /** White text on black, wrapped to the width; a line that does not fit the height is dropped with a note. */
    static BufferedImage render(List<String> lines) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 22);
            Font banner = body.deriveFont(Font.BOLD, 26f);
            int y = MARGIN;
            boolean first = true;
            for (String line : lines) {
                g.setFont(first ? banner : body);
                FontMetrics metrics = g.getFontMetrics();
                for (String part : wrap(line, metrics, WIDTH - 2 * MARGIN)) {
                    y += metrics.getHeight();
                    if (y > HEIGHT - MARGIN) {
                        g.drawString("... more in the AI result SR", MARGIN, HEIGHT - MARGIN / 2);
                        return image;
                    }
                    g.setColor(Color.WHITE);
                    g.drawString(part, MARGIN, y);
                }
                first = false;
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    private static List<String> wrap(String line, FontMetrics metrics, int width) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : line.split(" ", -1)) {
            String candidate = current.length() == 0 ? word : current + " " + word;
            if (metrics.stringWidth(candidate) > width && current.length() > 0) {
                parts.add(current.toString());
                current = new StringBuilder(word);
            } else {
                current = new StringBuilder(candidate);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
