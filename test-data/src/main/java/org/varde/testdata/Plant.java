package org.varde.testdata;

/**
 * A finding placed in a study's anatomy, in the mm of its images: it paints itself into every image
 * it shows in, and says where it is for the ground truth.
 */
interface Plant {

    Finding finding();

    /** Diameter in mm (for a break line: its length across the bone). */
    double diameterMm();

    /** Whether the finding shows in the image on {@code plane}. */
    boolean shows(ImagePlane plane);

    /** Draws the finding into the canvas; does nothing where it does not show. */
    void paint(Canvas canvas);

    /** Centre u, v (mm) on the plane; for a slice, u = patient x, v = patient y. */
    double u(ImagePlane plane);

    double v(ImagePlane plane);

    /** Patient z of the centre (mm) for a finding in a volume; NaN for a radiograph. */
    double z();

    /**
     * A finding drawn on the PA view of a radiograph only (a simplification: the other views are drawn
     * without it), so it has no z.
     */
    interface OnPaView extends Plant {

        @Override
        default boolean shows(ImagePlane plane) {
            return plane.view().equals(Projection.POSTERO_ANTERIOR.viewPosition());
        }

        @Override
        default double z() {
            return Double.NaN;
        }
    }

    /**
     * An ellipsoid of {@code value} with semi-axes {@code radius} in the axial plane and
     * {@code halfLength} along z, with partial volume at its surface: a pixel is mixed by the share of
     * its voxel it fills (sampled over the slice thickness), as a scanner blurs an edge.
     */
    record Ellipsoid(Finding finding, double x, double y, double z, double radius, double halfLength, double value)
            implements Plant {

        @Override
        public double diameterMm() {
            return 2 * radius;
        }

        /**
         * Whether the slab of {@code plane} holds enough of the ellipsoid that the pixel nearest its
         * axis is a tenth filled: where it shows, it is painted; where it does not, not a pixel changes.
         */
        @Override
        public boolean shows(ImagePlane plane) {
            if (Math.abs(plane.z() - z) >= halfLength + plane.thickness() / 2) {
                return false;
            }
            int column = (int) Math.round(plane.column(x));
            int row = (int) Math.round(plane.row(y));
            return fraction(plane, radii(plane), column, row) >= 0.1;
        }

        @Override
        public double u(ImagePlane plane) {
            return x;
        }

        @Override
        public double v(ImagePlane plane) {
            return y;
        }

        @Override
        public void paint(Canvas canvas) {
            ImagePlane plane = canvas.plane();
            if (!shows(plane)) {
                return;
            }
            double[] radii = radii(plane);
            int c0 = Math.max(0, (int) Math.floor(plane.column(x - radius) - 1));
            int c1 = Math.min(plane.columns() - 1, (int) Math.ceil(plane.column(x + radius) + 1));
            int r0 = Math.max(0, (int) Math.floor(plane.row(y - radius) - 1));
            int r1 = Math.min(plane.rows() - 1, (int) Math.ceil(plane.row(y + radius) + 1));
            for (int row = r0; row <= r1; row++) {
                for (int column = c0; column <= c1; column++) {
                    double fraction = fraction(plane, radii, column, row);
                    if (fraction > 0) {
                        canvas.blend(column, row, fraction, value);
                    }
                }
            }
        }

        /** Cross-section radius at sample heights through the slab (sub-slices 0.25 mm apart); -1 outside. */
        private double[] radii(ImagePlane plane) {
            int samples = Math.max(1, (int) Math.ceil(plane.thickness() / 0.25));
            double[] radii = new double[samples];
            for (int k = 0; k < samples; k++) {
                double dz = (plane.z() - plane.thickness() / 2 + (k + 0.5) * plane.thickness() / samples - z) / halfLength;
                radii[k] = dz * dz < 1 ? radius * Math.sqrt(1 - dz * dz) : -1;
            }
            return radii;
        }

        /** Share of the pixel's voxel inside the ellipsoid: in plane by distance to the edge, averaged over the slab. */
        private double fraction(ImagePlane plane, double[] radii, int column, int row) {
            double rho = Math.hypot(plane.u(column) - x, plane.v(row) - y);
            double sum = 0;
            for (double r : radii) {
                sum += r < 0 ? 0 : clamp(0.5 + (r - rho) / plane.spacing());
            }
            return sum / radii.length;
        }

        private static double clamp(double f) {
            return Math.max(0, Math.min(1, f));
        }
    }
}
