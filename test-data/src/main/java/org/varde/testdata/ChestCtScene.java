package org.varde.testdata;

import java.util.List;
import java.util.SplittableRandom;
import org.varde.testdata.Region.Ellipse;

/**
 * An axial chest CT in the pulmonary arterial phase, as a CT pulmonary angiogram is taken: body wall
 * of fat and muscle, two aerated lungs, the mediastinum, contrast-filled pulmonary arteries at the
 * hila, a less enhanced aorta, and a vertebral body. Each study is scaled and shifted a little, so no
 * two patients are the same size. Values in Hounsfield units.
 */
final class ChestCtScene implements Scene {

    static final double AIR = -1000;
    static final double FAT = -90;
    static final double MUSCLE = 45;
    static final double LUNG = -860;
    static final double MEDIASTINUM = 40;
    static final double AORTA = 250;
    /** Contrast-filled pulmonary arteries of a CTPA, typically 250-400 HU. */
    static final double PULMONARY_ARTERY = 330;
    static final double BONE = 420;
    /** A solid nodule, soft tissue density. */
    static final double NODULE = 30;
    /** Fresh thrombus: a filling defect of soft tissue density in the opacified lumen. */
    static final double CLOT = 45;
    /** CT noise, HU standard deviation. */
    static final double NOISE = 18;
    /** Stored value = HU + 1024 (Rescale Intercept -1024), 12 bits. */
    private static final int OFFSET = 1024;
    private static final int MAX_STORED = 4095;
    /** The least distance from a planted finding to the edge of the structure it sits in. */
    private static final double MARGIN_MM = 5;
    /** Contrast wall left around a filling defect, so it shows as a defect inside the lumen. */
    private static final double LUMEN_RIM_MM = 3;

    private final Ellipse body;
    private final Ellipse wall;
    private final List<Ellipse> lungs;
    private final Ellipse mediastinum;
    private final List<Ellipse> aortas;
    private final List<Ellipse> pulmonaryArteries;
    private final Ellipse spine;

    ChestCtScene(SplittableRandom anatomy) {
        double s = anatomy.nextDouble(0.92, 1.05);
        double du = anatomy.nextDouble(-5, 5);
        double dv = anatomy.nextDouble(-5, 5);
        body = at(0, 0, 160, 115, s, du, dv);
        wall = at(0, 0, 150, 105, s, du, dv);
        lungs = List.of(at(-75, -2, 60, 82, s, du, dv), at(75, -2, 58, 80, s, du, dv));
        mediastinum = at(2, -8, 26, 72, s, du, dv);
        aortas = List.of(at(8, -45, 13, 13, s, du, dv), at(16, 45, 11, 11, s, du, dv));
        pulmonaryArteries = List.of(at(-9, -12, 10, 10, s, du, dv), at(13, 12, 9, 9, s, du, dv));
        spine = at(0, 84, 17, 17, s, du, dv);
    }

    private static Ellipse at(double u, double v, double a, double b, double s, double du, double dv) {
        return new Ellipse(u * s + du, v * s + dv, a * s, b * s);
    }

    @Override
    public byte[] pixels(ImagePlane plane, PixelFormat format, Plant plantOrNull, SplittableRandom noise) {
        Canvas canvas = new Canvas(plane, AIR);
        canvas.fill(body, FAT);
        canvas.fill(wall, MUSCLE);
        lungs.forEach(lung -> canvas.fill(lung, LUNG));
        canvas.fill(mediastinum, MEDIASTINUM);
        aortas.forEach(aorta -> canvas.fill(aorta, AORTA));
        pulmonaryArteries.forEach(artery -> canvas.fill(artery, PULMONARY_ARTERY));
        canvas.fill(spine, BONE);
        if (plantOrNull != null) {
            plantOrNull.paint(canvas);
        }
        return canvas.encode(noise, NOISE, OFFSET, MAX_STORED);
    }

    @Override
    public Plant plant(Finding finding, double diameterMm, SplittableRandom random, List<SeriesProtocol> series) {
        SeriesProtocol thin = series.get(0);
        double top = thin.plane(0).z();
        double bottom = thin.plane(thin.imageCount() - 1).z();
        return switch (finding) {
            case NODULE -> nodule(diameterMm, random, top, bottom);
            case PE -> embolus(diameterMm, random, top, bottom);
            default -> throw new IllegalArgumentException(finding.cliName() + " is not planted in a chest CT");
        };
    }

    /** A sphere wholly inside one lung, clear of the mediastinum, between the first and last slice. */
    private Plant nodule(double diameterMm, SplittableRandom random, double top, double bottom) {
        double length = top - bottom;
        double diameter = Scene.size(Finding.NODULE, diameterMm, random, length - 2 * 2);
        double r = diameter / 2;
        requireLength(Finding.NODULE, diameter, length, 4);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Ellipse lung = lungs.get(random.nextInt(lungs.size()));
            double x = random.nextDouble(lung.u() - lung.a(), lung.u() + lung.a());
            double y = random.nextDouble(lung.v() - lung.b(), lung.v() + lung.b());
            if (lung.containsWithMargin(x, y, r + MARGIN_MM) && !mediastinum.containsWithMargin(x, y, -(r + MARGIN_MM))) {
                double z = random.nextDouble(bottom + r + 2, Math.nextUp(top - r - 2));
                return new Plant.Ellipsoid(Finding.NODULE, x, y, z, r, r, NODULE);
            }
        }
        throw new IllegalArgumentException("no room in the lungs for a " + diameter + " mm nodule");
    }

    /**
     * A thrombus along one pulmonary artery: round in the axial plane, elongated along the vessel
     * (1.5 to 3 times its radius each way), with a rim of contrast around it.
     */
    private Plant embolus(double diameterMm, SplittableRandom random, double top, double bottom) {
        Ellipse widest = pulmonaryArteries.get(0).a() >= pulmonaryArteries.get(1).a()
                ? pulmonaryArteries.get(0) : pulmonaryArteries.get(1);
        double diameter = Scene.size(Finding.PE, diameterMm, random, 2 * (widest.a() - LUMEN_RIM_MM));
        double r = diameter / 2;
        if (r > widest.a() - LUMEN_RIM_MM) {
            throw new IllegalArgumentException("a " + diameter + " mm filling defect does not fit a "
                    + Math.round(2 * widest.a()) + " mm pulmonary artery");
        }
        List<Ellipse> fit = pulmonaryArteries.stream().filter(a -> a.a() - LUMEN_RIM_MM >= r).toList();
        Ellipse artery = fit.get(random.nextInt(fit.size()));
        double length = top - bottom;
        requireLength(Finding.PE, diameter, length, 2);
        double halfLength = Math.min(r * random.nextDouble(1.5, 3), (length - 2) / 2);
        double room = artery.a() - LUMEN_RIM_MM - r;
        double angle = random.nextDouble(0, 2 * Math.PI);
        double offset = room * Math.sqrt(random.nextDouble());
        double x = artery.u() + offset * Math.cos(angle);
        double y = artery.v() + offset * Math.sin(angle);
        double z = random.nextDouble(bottom + halfLength + 1, Math.nextUp(top - halfLength - 1));
        return new Plant.Ellipsoid(Finding.PE, x, y, z, r, halfLength, CLOT);
    }

    private static void requireLength(Finding finding, double diameter, double length, double slack) {
        if (length < diameter + slack) {
            throw new IllegalArgumentException("a " + diameter + " mm " + finding.cliName() + " needs a CT at least "
                    + Math.round(Math.ceil(diameter + slack)) + " mm long; these slices cover " + Math.round(length)
                    + " mm (use more --slices)");
        }
    }
}
