package org.varde.testdata;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

/** VOI LUT module (PS3.3 C.11.2) window a viewer opens the image with, in rescaled units. */
record VoiWindow(int center, int width) {

    void describe(Attributes dataSet) {
        dataSet.setString(Tag.WindowCenter, VR.DS, Integer.toString(center));
        dataSet.setString(Tag.WindowWidth, VR.DS, Integer.toString(width));
    }
}
