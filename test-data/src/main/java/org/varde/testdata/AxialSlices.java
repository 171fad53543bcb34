package org.varde.testdata;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

/**
 * Image Plane module (PS3.3 C.7.6.2) of a stack of axial slices, patient head first supine, going
 * from head to feet: the geometry CT and MR series share.
 *
 * @param matrix      rows = columns
 * @param fieldOfView reconstruction diameter in mm
 * @param thickness   slice thickness in mm
 * @param spacing     distance between slice centres in mm
 * @param firstZ      patient z (mm) of the first slice centre; later slices have smaller z (feet)
 */
record AxialSlices(int matrix, double fieldOfView, double thickness, double spacing, double firstZ) {

    /** PS3.3 C.7.6.2.1.1: row direction patient left (+x), column direction posterior (+y). */
    private static final String[] AXIAL_ORIENTATION = {"1", "0", "0", "0", "1", "0"};

    double pixelSpacing() {
        return fieldOfView / matrix;
    }

    double z(int index) {
        return firstZ - index * spacing;
    }

    /**
     * The patient and frame of reference the slices are in. PS3.3 C.7.3.1: Patient Position is
     * type 2C, required for CT and MR; every series of a study shares one frame of reference.
     */
    void describeFrame(Attributes dataSet, SyntheticStudy study, String positionReferenceIndicator) {
        dataSet.setString(Tag.PatientPosition, VR.CS, "HFS");
        dataSet.setString(Tag.FrameOfReferenceUID, VR.UI, study.frameOfReferenceUid());
        dataSet.setString(Tag.PositionReferenceIndicator, VR.LO, positionReferenceIndicator);
    }

    ImagePlane plane(int index) {
        return new ImagePlane(matrix, matrix, pixelSpacing(), z(index), thickness, ImagePlane.AXIAL, "U");
    }

    void describe(Attributes dataSet, int index) {
        double half = fieldOfView / 2;
        // PS3.3 C.7.6.2.1.1: position is the centre of the first transmitted voxel
        double corner = -half + pixelSpacing() / 2;
        dataSet.setString(Tag.PixelSpacing, VR.DS, DecimalStrings.of(pixelSpacing(), pixelSpacing()));
        dataSet.setString(Tag.ImageOrientationPatient, VR.DS, AXIAL_ORIENTATION);
        dataSet.setString(Tag.ImagePositionPatient, VR.DS, DecimalStrings.of(corner, corner, z(index)));
        dataSet.setString(Tag.SliceThickness, VR.DS, DecimalStrings.of(thickness));
        dataSet.setString(Tag.SliceLocation, VR.DS, DecimalStrings.of(z(index)));
    }
}
