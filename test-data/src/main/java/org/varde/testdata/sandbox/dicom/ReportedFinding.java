package org.varde.testdata.sandbox.dicom;

import org.varde.testdata.Finding;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A finding the sandbox vendor reports: what it is told, or what its detector saw in the pixels.
 *
 * @param finding         what it is
 * @param present         present, or looked for and absent (a negative report still names what it ruled out)
 * @param diameterMm      its diameter in mm; null when absent
 * @param probability     0 to 1; null when the vendor gives none
 * @param sopInstanceUids the images it shows on, in series order; empty: the middle image it received
 */
public record ReportedFinding(Finding finding, boolean present, BigDecimal diameterMm, BigDecimal probability,
                              List<String> sopInstanceUids) {

    public ReportedFinding {
        Objects.requireNonNull(finding, "finding");
        sopInstanceUids = List.copyOf(sopInstanceUids);
        if (present != (diameterMm != null)) {
            throw new IllegalArgumentException("a present finding has a size, an absent one none");
        }
    }

    /** A present nodule of {@code diameterMm}, on the middle image received, with no probability. */
    public ReportedFinding(BigDecimal diameterMm) {
        this(Finding.NODULE, true, Objects.requireNonNull(diameterMm, "diameterMm"), null, List.of());
    }

    /** {@code finding} looked for and not found. */
    public static ReportedFinding absent(Finding finding) {
        return new ReportedFinding(finding, false, null, null, List.of());
    }
}
