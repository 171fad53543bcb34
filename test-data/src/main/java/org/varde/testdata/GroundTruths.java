package org.varde.testdata;

import java.util.ArrayList;
import java.util.List;

/** The ground truth of a generated study, from what was planted in it and where its images lie. */
final class GroundTruths {

    private GroundTruths() {
    }

    /** {@code plantOrNull} located in the first series it shows in (CT: the thin series; DX: the PA view). */
    static GroundTruth of(SyntheticStudy study, StudyKind kind, Finding finding, Plant plantOrNull,
                          List<SeriesProtocol> series) {
        if (plantOrNull == null) {
            return GroundTruth.absent(study.studyInstanceUid(), kind, finding);
        }
        for (SeriesProtocol one : series) {
            GroundTruth.Location location = locate(study, one, plantOrNull);
            if (location != null) {
                return new GroundTruth(study.studyInstanceUid(), kind, finding, true, plantOrNull.diameterMm(), location);
            }
        }
        throw new IllegalStateException("a planted " + finding.cliName() + " shows in no image");
    }

    private static GroundTruth.Location locate(SyntheticStudy study, SeriesProtocol series, Plant plant) {
        List<String> uids = new ArrayList<>();
        int first = -1;
        int last = -1;
        int centre = -1;
        double nearest = Double.POSITIVE_INFINITY;
        for (int image = 0; image < series.imageCount(); image++) {
            ImagePlane plane = series.plane(image);
            if (!plant.shows(plane)) {
                continue;
            }
            uids.add(study.sopInstanceUid(series.seriesNumber(), image));
            first = first < 0 ? image : first;
            last = image;
            double distance = Double.isNaN(plant.z()) ? 0 : Math.abs(plane.z() - plant.z());
            if (distance < nearest) {
                nearest = distance;
                centre = image;
            }
        }
        if (centre < 0) {
            return null;
        }
        ImagePlane plane = series.plane(centre);
        double u = plant.u(plane);
        double v = plant.v(plane);
        GroundTruth.PatientPoint patient = Double.isNaN(plant.z()) ? null : new GroundTruth.PatientPoint(u, v, plant.z());
        // PS3.3 C.18.6.1.1: image coordinates put the centre of the top left pixel at 0.5, 0.5
        return new GroundTruth.Location(study.seriesInstanceUid(series.seriesNumber()),
                study.sopInstanceUid(series.seriesNumber(), centre), centre + 1, first + 1, last + 1, uids,
                plane.column(u) + 0.5, plane.row(v) + 0.5, patient);
    }
}
