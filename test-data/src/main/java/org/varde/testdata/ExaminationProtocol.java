package org.varde.testdata;

import java.util.List;
import java.util.SplittableRandom;

/** How one kind of examination is done: who has it, on what equipment, and which series it makes. */
interface ExaminationProtocol {

    ExaminationProfile profile();

    /**
     * The series of one study, sized by the options (image count, matrix); {@code studyRandom}
     * draws what differs between studies of the same kind, such as the side of a wrist.
     */
    List<SeriesProtocol> series(GeneratorOptions options, SplittableRandom studyRandom);

    /** The anatomy of one study, drawn from {@code anatomy}; pure noise unless the kind has a phantom. */
    default Scene scene(SplittableRandom anatomy) {
        return new Scene.Noise();
    }

    static ExaminationProtocol of(StudyKind kind) {
        return switch (kind) {
            case CT_THORAX -> CtThoraxProtocol.thorax();
            case CTPA -> CtThoraxProtocol.pulmonaryAngiography();
            case MR_HEAD -> new MrHeadProtocol();
            case CXR -> RadiographyProtocol.chest();
            case WRIST -> RadiographyProtocol.wrist();
        };
    }
}
