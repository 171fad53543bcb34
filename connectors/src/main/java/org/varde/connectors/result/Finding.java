package org.varde.connectors.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the algorithm looked for.
 *
 * @param code         the finding, e.g. (427359005, SCT, "Solitary nodule of lung")
 * @param presence     present, absent or uncertain
 * @param probability  the algorithm's probability or score in [0, 1], if it gives one
 * @param measurements sizes and other numbers, with UCUM units
 * @param bodySite     where, e.g. (39607008, SCT, "Lung"), if said
 * @param references   the source images it was seen on
 */
public record Finding(Code code, Presence presence, Optional<Double> probability, List<Measurement> measurements,
                      Optional<Code> bodySite, List<ImageReference> references) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(bodySite, "bodySite");
        probability.ifPresent(p -> {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability must be in [0, 1], was " + p);
            }
        });
        measurements = List.copyOf(measurements);
        references = List.copyOf(references);
    }
}
