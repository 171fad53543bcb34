package org.varde.testdata;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A finding the generator can plant in the pixels of a study (and the sandbox detectors look for),
 * with the kind of study it belongs in and the range of sizes that fit that study's anatomy.
 */
public enum Finding {
    /** A solid lung nodule: a dense sphere across the CT slices, inside a lung. */
    NODULE("nodule", StudyKind.CT_THORAX, 4, 20),
    /** A pulmonary embolism: a filling defect inside a contrast-filled pulmonary artery; size in plane. */
    PE("pe", StudyKind.CT_THORAX, 4, 12),
    /** A round opacity in a lung field of a chest radiograph (PA view). */
    OPACITY("opacity", StudyKind.CXR, 10, 50),
    /**
     * A complete cortical break line across the distal radius (PA view). Its size is the length of
     * the line across the bone, which follows from the bone: it cannot be chosen.
     */
    FRACTURE("fracture", StudyKind.WRIST, 0, 0);

    private final String cliName;
    private final StudyKind kind;
    private final double minMm;
    private final double maxMm;

    Finding(String cliName, StudyKind kind, double minMm, double maxMm) {
        this.cliName = cliName;
        this.kind = kind;
        this.minMm = minMm;
        this.maxMm = maxMm;
    }

    /** The name on the command line and in the ground truth, e.g. {@code nodule}. */
    public String cliName() {
        return cliName;
    }

    /** The kind of study this finding is planted in. */
    public StudyKind kind() {
        return kind;
    }

    /** Smallest diameter that can be asked for, in mm; 0 when the size cannot be chosen. */
    public double minMm() {
        return minMm;
    }

    /** Largest diameter that can be asked for, in mm; 0 when the size cannot be chosen. */
    public double maxMm() {
        return maxMm;
    }

    /**
     * Whether it can be planted in a study of {@code studyKind}: its own kind, and for a CT thorax
     * finding also a CT pulmonary angiography, the same chest with the same contrast, described as a CTPA.
     */
    public boolean fits(StudyKind studyKind) {
        return studyKind == kind || (kind == StudyKind.CT_THORAX && studyKind == StudyKind.CTPA);
    }

    public boolean sizeChoosable() {
        return maxMm > 0;
    }

    /** Resolves a command-line name (case-insensitive); an unknown name lists the valid ones. */
    public static Finding fromCliName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Finding finding : values()) {
            if (finding.cliName.equals(wanted)) {
                return finding;
            }
        }
        throw new IllegalArgumentException("unknown finding '" + name + "'; valid findings: "
                + Arrays.stream(values()).map(f -> f.cliName + " (" + f.kind.cliName() + ")")
                        .collect(Collectors.joining(", ")));
    }
}
