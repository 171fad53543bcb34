package org.varde.testdata.detect;

/**
 * One image's pixels after the Modality LUT (PS3.3 C.11.1: value x slope + intercept; Hounsfield
 * units for a CT), row by row.
 */
record PixelImage(ImageHeader header, int rows, int columns, float[] values) {

    float at(int column, int row) {
        return values[row * columns + column];
    }
}
