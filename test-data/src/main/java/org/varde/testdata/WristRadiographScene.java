package org.varde.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.varde.testdata.Region.Box;
import org.varde.testdata.Region.Ellipse;

/**
 * A wrist radiograph for presentation, fingers up and forearm down: soft tissue of the forearm and
 * hand, the distal radius and ulna (cortex brighter than the medulla), two rows of carpal bones with
 * joint spaces between them, and the metacarpal bases. The radius lies on the thumb side, so the
 * picture is mirrored for the other wrist. The lateral view shows radius and ulna over each other.
 * Values are 12-bit detector values.
 */
final class WristRadiographScene implements Scene {

    static final double DIRECT_EXPOSURE = 150;
    static final double SOFT_TISSUE = 1200;
    static final double MEDULLA = 2200;
    static final double CORTEX = 3000;
    static final double CARPAL = 2600;
    /** Cortical thickness of the distal radius and ulna. */
    private static final double CORTEX_MM = 2;
    /** Width of a fracture line: a slightly displaced break filled with blood and soft tissue. */
    static final double BREAK_WIDTH_MM = 2.5;
    private static final double NOISE = 30;
    private static final int MAX_STORED = 4095;

    /** The radius, canonical side (u < 0 = thumb side before mirroring), from its distal end down. */
    private final Box radius;
    private final Box ulna;
    private final List<Ellipse> carpals = new ArrayList<>();
    private final List<Box> metacarpals = new ArrayList<>();
    private final Box lateralForearm;
    private final List<Ellipse> lateralCarpals;
    private final Box lateralMetacarpals;
    private final Box forearm;
    private final Ellipse hand;
    private final double s;
    private final double du;
    private final double dv;

    WristRadiographScene(SplittableRandom anatomy) {
        s = anatomy.nextDouble(0.9, 1.1);
        du = anatomy.nextDouble(-6, 6);
        dv = anatomy.nextDouble(-6, 6);
        forearm = box(-38, -10, 38, 200);
        hand = ellipse(0, -60, 48, 75);
        radius = box(-27, -4, -5, 200);
        ulna = box(5, 0, 19, 200);
        for (double u : new double[] {-21, -7, 7, 19}) {
            carpals.add(ellipse(u, -15.5, 6, 8));
        }
        for (double u : new double[] {-20, -7, 6, 18}) {
            carpals.add(ellipse(u, -37, 5.5, 7.5));
        }
        for (double u : new double[] {-24, -12, 0, 12, 24}) {
            metacarpals.add(box(u - 4, -200, u + 4, -52));
        }
        lateralForearm = box(-13, -4, 13, 200);
        lateralCarpals = List.of(ellipse(0, -20, 11, 9), ellipse(0, -44, 10, 8));
        lateralMetacarpals = box(-10, -200, 10, -60);
    }

    private Box box(double u0, double v0, double u1, double v1) {
        return new Box(u0 * s + du, v0 * s + dv, u1 * s + du, v1 * s + dv);
    }

    private Ellipse ellipse(double u, double v, double a, double b) {
        return new Ellipse(u * s + du, v * s + dv, a * s, b * s);
    }

    @Override
    public byte[] pixels(ImagePlane plane, PixelFormat format, Plant plantOrNull, SplittableRandom noise) {
        Canvas canvas = new Canvas(plane, DIRECT_EXPOSURE);
        boolean mirrored = mirrored(plane);
        paint(canvas, forearm, SOFT_TISSUE, mirrored);
        paint(canvas, hand, SOFT_TISSUE, mirrored);
        if (plane.view().equals(Projection.LATERAL.viewPosition())) {
            longBone(canvas, lateralForearm, mirrored);
            lateralCarpals.forEach(carpal -> paint(canvas, carpal, CARPAL, mirrored));
            paint(canvas, lateralMetacarpals, CARPAL, mirrored);
        } else {
            longBone(canvas, radius, mirrored);
            longBone(canvas, ulna, mirrored);
            carpals.forEach(carpal -> paint(canvas, carpal, CARPAL, mirrored));
            metacarpals.forEach(metacarpal -> paint(canvas, metacarpal, CARPAL, mirrored));
        }
        if (plantOrNull != null) {
            plantOrNull.paint(canvas);
        }
        return canvas.encode(noise, NOISE, 0, MAX_STORED);
    }

    /** A right wrist is drawn as designed, a left one mirrored (or unpaired: as designed). */
    private static boolean mirrored(ImagePlane plane) {
        return plane.laterality().equals("L");
    }

    private static void paint(Canvas canvas, Region region, double value, boolean mirrored) {
        canvas.fill(mirrored ? mirror(region) : region, value);
    }

    private static Region mirror(Region region) {
        return at -> {
            double[] span = region.span(at);
            return span == null ? null : new double[] {-span[1], -span[0]};
        };
    }

    /** Cortex all round (the distal end included), medulla inside. */
    private static void longBone(Canvas canvas, Box bone, boolean mirrored) {
        paint(canvas, bone, CORTEX, mirrored);
        paint(canvas, new Box(bone.u0() + CORTEX_MM, bone.v0() + CORTEX_MM, bone.u1() - CORTEX_MM, bone.v1()), MEDULLA,
                mirrored);
    }

    /**
     * A complete break line across the distal radius, 8 to 30 mm from its end, up to 25 degrees off
     * the transverse, on the PA view. Its size is the length of the line across the bone.
     */
    @Override
    public Plant plant(Finding finding, double diameterMm, SplittableRandom random, List<SeriesProtocol> series) {
        if (finding != Finding.FRACTURE) {
            throw new IllegalArgumentException(finding.cliName() + " is not planted in a wrist radiograph");
        }
        double centreU = (radius.u0() + radius.u1()) / 2;
        double centreV = radius.v0() + random.nextDouble(8, 30) * s;
        double angle = Math.toRadians(random.nextDouble(-25, 25));
        return new BreakLine(radius, centreU, centreV, angle);
    }

    /**
     * A dark band of {@link #BREAK_WIDTH_MM} through ({@code centreU}, {@code centreV}) at
     * {@code angle} from the transverse, across the whole width of {@code bone}, with partial volume
     * at its edges.
     */
    record BreakLine(Box bone, double centreU, double centreV, double angle) implements Plant.OnPaView {

        @Override
        public Finding finding() {
            return Finding.FRACTURE;
        }

        @Override
        public double diameterMm() {
            return Math.round((bone.u1() - bone.u0()) / Math.cos(angle) * 10) / 10.0;
        }

        @Override
        public double u(ImagePlane plane) {
            return mirrored(plane) ? -centreU : centreU;
        }

        @Override
        public double v(ImagePlane plane) {
            return centreV;
        }

        @Override
        public void paint(Canvas canvas) {
            ImagePlane plane = canvas.plane();
            if (!shows(plane)) {
                return;
            }
            double sign = mirrored(plane) ? -1 : 1;
            double sin = Math.sin(angle);
            double cos = Math.cos(angle);
            for (int row = 0; row < plane.rows(); row++) {
                double v = plane.v(row);
                if (Math.abs(v - centreV) > bone.u1() - bone.u0() + BREAK_WIDTH_MM) {
                    continue;
                }
                for (int column = 0; column < plane.columns(); column++) {
                    double u = plane.u(column) * sign;
                    if (u < bone.u0() || u > bone.u1()) {
                        continue;
                    }
                    double distance = Math.abs((v - centreV) * cos - (u - centreU) * sin);
                    double fraction = Math.max(0, Math.min(1, 0.5 + (BREAK_WIDTH_MM / 2 - distance) / plane.spacing()));
                    if (fraction > 0) {
                        canvas.blend(column, row, fraction, SOFT_TISSUE);
                    }
                }
            }
        }
    }
}
