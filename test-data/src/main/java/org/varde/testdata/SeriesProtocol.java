package org.varde.testdata;

import org.varde.dicom.data.Attributes;

/** One series of an examination: what its images are and how each is described in the header. */
interface SeriesProtocol {

    int seriesNumber();

    String description();

    int imageCount();

    String sopClassUid();

    PixelFormat pixelFormat();

    /**
     * Series-level attributes: modality, body part, the modality's series modules and, where the
     * IOD has one, the frame of reference of {@code study}.
     */
    void describeSeries(Attributes dataSet, SyntheticStudy study);

    /** Image-level attributes of the image at {@code index} (0-based): geometry, view, image type. */
    void describeImage(Attributes dataSet, int index);

    /** Where the image at {@code index} (0-based) lies, for drawing it. */
    ImagePlane plane(int index);
}
