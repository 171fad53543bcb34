package org.varde.testdata.detect;

import java.nio.file.Path;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;

/** The header of one image file (everything before Pixel Data), with where to read its pixels. */
record ImageHeader(Path file, Attributes attributes, boolean hasPixels) {

    String modality() {
        return attributes.getString(Tag.Modality, "");
    }

    String studyInstanceUid() {
        return attributes.getString(Tag.StudyInstanceUID);
    }

    String seriesInstanceUid() {
        return attributes.getString(Tag.SeriesInstanceUID, "");
    }

    String sopInstanceUid() {
        return attributes.getString(Tag.SOPInstanceUID, "");
    }

    int instanceNumber() {
        return attributes.getInt(Tag.InstanceNumber, 0);
    }

    /** Patient z of an axial slice (Image Position (Patient), PS3.3 C.7.6.2.1.1), NaN when absent. */
    double z() {
        String[] position = attributes.getStrings(Tag.ImagePositionPatient);
        if (position == null || position.length != 3) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(position[2].trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    double sliceThickness() {
        return attributes.getDouble(Tag.SliceThickness, Double.NaN);
    }

    /**
     * Row and column spacing in mm: Pixel Spacing (PS3.3 C.7.6.2.1.1) of a slice, else Imager Pixel
     * Spacing (C.8.11.4) of a projection radiograph, as measured at the detector.
     */
    double[] pixelSpacing() {
        for (int tag : new int[] {Tag.PixelSpacing, Tag.ImagerPixelSpacing}) {
            String[] values = attributes.getStrings(tag);
            if (values != null && values.length == 2) {
                try {
                    return new double[] {Double.parseDouble(values[0].trim()), Double.parseDouble(values[1].trim())};
                } catch (NumberFormatException e) {
                    // try the next
                }
            }
        }
        return null;
    }
}
