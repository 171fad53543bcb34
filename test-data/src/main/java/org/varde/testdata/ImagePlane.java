package org.varde.testdata;

/**
 * Where one image lies, for drawing it: a grid of square pixels centred on the image centre, in mm.
 * For an axial slice u is patient x (towards the left) and v patient y (posterior), at height z with
 * the slice thickness; for a radiograph u runs along the rows and v down the columns of the image as
 * displayed, z and thickness are 0.
 *
 * @param rows       rows
 * @param columns    columns
 * @param spacing    mm between pixel centres, both directions
 * @param z          patient z of an axial slice's centre, mm
 * @param thickness  slice thickness, mm (0 for a radiograph)
 * @param view       AXIAL, or the radiograph's View Position (PA, LL, LATERAL, OBLIQUE)
 * @param laterality Image Laterality of a radiograph (R, L, U), "U" for a slice
 */
record ImagePlane(int rows, int columns, double spacing, double z, double thickness, String view,
                  String laterality) {

    static final String AXIAL = "AXIAL";

    /** u (mm) of the centre of {@code column}. */
    double u(int column) {
        return (column + 0.5 - columns / 2.0) * spacing;
    }

    /** v (mm) of the centre of {@code row}. */
    double v(int row) {
        return (row + 0.5 - rows / 2.0) * spacing;
    }

    /** The column (fractional, pixel centres at whole numbers) of {@code u} mm. */
    double column(double u) {
        return u / spacing + columns / 2.0 - 0.5;
    }

    double row(double v) {
        return v / spacing + rows / 2.0 - 0.5;
    }
}
