package org.varde.testdata;

import java.util.List;
import java.util.SplittableRandom;
import org.varde.testdata.Region.Box;
import org.varde.testdata.Region.Ellipse;

/**
 * A standing chest radiograph for presentation (bright = dense): the torso, two dark lung fields,
 * the heart and mediastinum, the spine; the lateral view shows one lung field over the heart and the
 * spine behind it. Each study is scaled and shifted a little. Values are 12-bit detector values.
 */
final class ChestRadiographScene implements Scene {

    static final double DIRECT_EXPOSURE = 250;
    static final double SOFT_TISSUE = 2300;
    static final double LUNG = 900;
    static final double HEART = 2450;
    static final double SPINE = 2650;
    /** What an opacity adds to the lung behind it: about as dense as the soft tissue around the chest. */
    static final double OPACITY = 1100;
    /** Width of the opacity's edge, over which it fades into the lung. */
    private static final double EDGE_MM = 2;
    private static final double NOISE = 30;
    private static final int MAX_STORED = 4095;
    private static final double MARGIN_MM = 6;

    private final List<Ellipse> lungs;
    private final List<Region> paFront;
    private final Ellipse paBody;
    private final Ellipse lateralBody;
    private final Ellipse lateralLung;
    private final List<Region> lateralFront;

    ChestRadiographScene(SplittableRandom anatomy) {
        double s = anatomy.nextDouble(0.92, 1.05);
        double du = anatomy.nextDouble(-8, 8);
        double dv = anatomy.nextDouble(-8, 8);
        paBody = new Ellipse(du, 30 * s + dv, 175 * s, 290 * s);
        lungs = List.of(new Ellipse(-78 * s + du, -25 * s + dv, 62 * s, 135 * s),
                new Ellipse(80 * s + du, -15 * s + dv, 58 * s, 128 * s));
        paFront = List.of(new Ellipse(12 * s + du, 55 * s + dv, 62 * s, 95 * s),
                new Box(-22 * s + du, -300, 28 * s + du, dv),
                new Box(-14 * s + du, -300, 14 * s + du, 300));
        lateralBody = new Ellipse(du, 30 * s + dv, 140 * s, 290 * s);
        lateralLung = new Ellipse(-5 * s + du, -10 * s + dv, 95 * s, 140 * s);
        lateralFront = List.of(new Ellipse(-45 * s + du, 70 * s + dv, 55 * s, 70 * s),
                new Box(90 * s + du, -300, 115 * s + du, 300));
    }

    @Override
    public byte[] pixels(ImagePlane plane, PixelFormat format, Plant plantOrNull, SplittableRandom noise) {
        Canvas canvas = new Canvas(plane, DIRECT_EXPOSURE);
        if (plane.view().equals(Projection.POSTERO_ANTERIOR.viewPosition())) {
            canvas.fill(paBody, SOFT_TISSUE);
            lungs.forEach(lung -> canvas.fill(lung, LUNG));
            canvas.fill(paFront.get(0), HEART);
            canvas.fill(paFront.get(1), HEART);
            canvas.fill(paFront.get(2), SPINE);
        } else {
            canvas.fill(lateralBody, SOFT_TISSUE);
            canvas.fill(lateralLung, LUNG);
            canvas.fill(lateralFront.get(0), HEART);
            canvas.fill(lateralFront.get(1), SPINE);
        }
        if (plantOrNull != null) {
            plantOrNull.paint(canvas);
        }
        return canvas.encode(noise, NOISE, 0, MAX_STORED);
    }

    /** A round opacity wholly inside one lung field of the PA view, clear of the heart and spine. */
    @Override
    public Plant plant(Finding finding, double diameterMm, SplittableRandom random, List<SeriesProtocol> series) {
        if (finding != Finding.OPACITY) {
            throw new IllegalArgumentException(finding.cliName() + " is not planted in a chest radiograph");
        }
        double diameter = Scene.size(finding, diameterMm, random, finding.maxMm());
        double r = diameter / 2;
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Ellipse lung = lungs.get(random.nextInt(lungs.size()));
            double u = random.nextDouble(lung.u() - lung.a(), lung.u() + lung.a());
            double v = random.nextDouble(lung.v() - lung.b(), lung.v() + lung.b());
            if (lung.containsWithMargin(u, v, r + MARGIN_MM) && clear(u, v, r + MARGIN_MM)) {
                return new Opacity(u, v, r);
            }
        }
        throw new IllegalArgumentException("no room in the lung fields for a " + diameter + " mm opacity");
    }

    private boolean clear(double u, double v, double distance) {
        Ellipse heart = (Ellipse) paFront.get(0);
        if (heart.containsWithMargin(u, v, -distance)) {
            return false;
        }
        for (Region box : paFront.subList(1, 3)) {
            double[] span = box.span(v);
            if (span != null && u > span[0] - distance && u < span[1] + distance) {
                return false;
            }
        }
        return true;
    }

    /** A disc that adds {@link #OPACITY} to what is behind it, fading out over its edge; PA view only. */
    record Opacity(double centreU, double centreV, double radius) implements Plant.OnPaView {

        @Override
        public Finding finding() {
            return Finding.OPACITY;
        }

        @Override
        public double diameterMm() {
            return 2 * radius;
        }

        @Override
        public double u(ImagePlane plane) {
            return centreU;
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
            double outer = radius + EDGE_MM / 2;
            int c0 = Math.max(0, (int) Math.floor(plane.column(centreU - outer)));
            int c1 = Math.min(plane.columns() - 1, (int) Math.ceil(plane.column(centreU + outer)));
            int r0 = Math.max(0, (int) Math.floor(plane.row(centreV - outer)));
            int r1 = Math.min(plane.rows() - 1, (int) Math.ceil(plane.row(centreV + outer)));
            for (int row = r0; row <= r1; row++) {
                for (int column = c0; column <= c1; column++) {
                    double rho = Math.hypot(plane.u(column) - centreU, plane.v(row) - centreV);
                    double share = Math.max(0, Math.min(1, (outer - rho) / EDGE_MM));
                    if (share > 0) {
                        canvas.add(column, row, OPACITY * share);
                    }
                }
            }
        }
    }
}
