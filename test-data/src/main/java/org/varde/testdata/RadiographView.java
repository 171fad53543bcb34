package org.varde.testdata;

import java.util.List;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

/**
 * One projection radiograph as a Digital X-Ray Image for Presentation (PS3.3 A.26), in a series of
 * its own as most DX rooms send them.
 *
 * @param seriesNumber       series number
 * @param description        series description, e.g. "Thorax PA"
 * @param region             body part examined and its code
 * @param projection         the view, e.g. PA or left lateral
 * @param laterality         PS3.3 C.8.11.2 Image Laterality: R, L, U (unpaired) or B
 * @param patientOrientation PS3.3 C.7.6.1.1.1 directions of the rows and of the columns
 * @param detectorWidth      mm covered by the image; Imager Pixel Spacing follows from the matrix
 * @param kvp                peak kilovoltage
 * @param matrix             rows = columns
 */
record RadiographView(int seriesNumber, String description, AnatomicRegion region, Projection projection,
                      String laterality, List<String> patientOrientation, double detectorWidth, int kvp,
                      int matrix) implements SeriesProtocol {

    /** The whole 12-bit range: noise has no anatomy to window on. */
    private static final VoiWindow FULL_RANGE = new VoiWindow(2048, 4096);

    @Override
    public int imageCount() {
        return 1;
    }

    @Override
    public String sopClassUid() {
        return UID.DigitalXRayImageStorageForPresentation;
    }

    /** 12 bits stored: what most flat-panel detectors deliver for presentation. */
    @Override
    public PixelFormat pixelFormat() {
        return PixelFormat.square(matrix, 12);
    }

    @Override
    public void describeSeries(Attributes dataSet, SyntheticStudy study) {
        // PS3.3 C.8.11.1 DX Series
        dataSet.setString(Tag.Modality, VR.CS, "DX");
        dataSet.setString(Tag.PresentationIntentType, VR.CS, "FOR PRESENTATION");
        dataSet.setString(Tag.BodyPartExamined, VR.CS, region.bodyPartExamined());
        // PS3.3 C.8.11.2 DX Anatomy Imaged
        dataSet.setString(Tag.ImageLaterality, VR.CS, laterality);
        dataSet.newSequence(Tag.AnatomicRegionSequence).add(snomedCode(region.snomedCode(), region.meaning()));
        // PS3.3 C.8.11.5 DX Positioning; Positioner Type is type 2: a DR room's tube hangs on a column
        dataSet.setString(Tag.PositionerType, VR.CS, "COLUMN");
        dataSet.setString(Tag.ViewPosition, VR.CS, projection.viewPosition());
        Attributes view = snomedCode(projection.snomedCode(), projection.meaning());
        view.newSequence(Tag.ViewModifierCodeSequence);
        dataSet.newSequence(Tag.ViewCodeSequence).add(view);
        dataSet.setString(Tag.KVP, VR.DS, Integer.toString(kvp));
        describeDetector(dataSet);
        // PS3.3 C.7.6.14 Acquisition Context: type 2, present and empty when nothing is known
        dataSet.newSequence(Tag.AcquisitionContextSequence);
    }

    @Override
    public void describeImage(Attributes dataSet, int index) {
        // PS3.3 C.8.11.3 DX Image
        dataSet.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
        dataSet.setString(Tag.PatientOrientation, VR.CS, patientOrientation.toArray(String[]::new));
        dataSet.setString(Tag.PixelIntensityRelationship, VR.CS, "LIN");
        dataSet.setInt(Tag.PixelIntensityRelationshipSign, VR.SS, 1);
        dataSet.setString(Tag.RescaleIntercept, VR.DS, "0");
        dataSet.setString(Tag.RescaleSlope, VR.DS, "1");
        dataSet.setString(Tag.RescaleType, VR.LO, "US");
        // PS3.3 C.8.11.3.1.2: For Presentation images with MONOCHROME2 use IDENTITY
        dataSet.setString(Tag.PresentationLUTShape, VR.CS, "IDENTITY");
        dataSet.setString(Tag.LossyImageCompression, VR.CS, "00");
        dataSet.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
        // PS3.3 A.26.1: the VOI LUT module is required for For Presentation images
        FULL_RANGE.describe(dataSet);
    }

    @Override
    public ImagePlane plane(int index) {
        return new ImagePlane(matrix, matrix, detectorWidth / matrix, 0, 0, projection.viewPosition(), laterality);
    }

    /** PS3.3 8.8 Code Sequence Macro with a SNOMED CT code. */
    private static Attributes snomedCode(String value, String meaning) {
        Attributes code = new Attributes();
        code.setString(Tag.CodeValue, VR.SH, value);
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "SCT");
        code.setString(Tag.CodeMeaning, VR.LO, meaning);
        return code;
    }

    /** PS3.3 C.8.11.4 DX Detector. */
    private void describeDetector(Attributes dataSet) {
        double spacing = detectorWidth / matrix;
        dataSet.setString(Tag.DetectorType, VR.CS, "SCINTILLATOR");
        dataSet.setString(Tag.ImagerPixelSpacing, VR.DS, DecimalStrings.of(spacing, spacing));
    }
}
