package org.varde.testdata;

/** A flat shape drawn on an image, in mm: which part of a line of constant v it covers. */
interface Region {

    /** The u range {from, to} (mm) the region covers at height {@code v}, or null where it covers none. */
    double[] span(double v);

    /** An axis-aligned ellipse: centre (u, v), semi-axes a (along u) and b (along v). */
    record Ellipse(double u, double v, double a, double b) implements Region {
        @Override
        public double[] span(double at) {
            double t = (at - v) / b;
            if (t <= -1 || t >= 1) {
                return null;
            }
            double half = a * Math.sqrt(1 - t * t);
            return new double[] {u - half, u + half};
        }

        /** Whether (pu, pv) lies inside this ellipse shrunk by {@code margin} mm on every side. */
        boolean containsWithMargin(double pu, double pv, double margin) {
            if (a <= margin || b <= margin) {
                return false;
            }
            double du = (pu - u) / (a - margin);
            double dv = (pv - v) / (b - margin);
            return du * du + dv * dv < 1;
        }
    }

    /** An axis-aligned rectangle from (u0, v0) to (u1, v1). */
    record Box(double u0, double v0, double u1, double v1) implements Region {
        @Override
        public double[] span(double at) {
            return at < v0 || at > v1 ? null : new double[] {u0, u1};
        }
    }
}
