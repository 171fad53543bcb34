package org.varde.gateway.value;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A finding whose truth can be known, by the name the sandbox generator's ground truth gives it, and
 * the code a result names it by: the SNOMED CT concepts the sandbox vendors report (test-data's
 * Tid1500Report and FractureReport), which a result from a real product of the same target names as well.
 * Results are matched to ground truth on this code (docs/accountability.md, "Against ground truth").
 */
enum TruthFinding {
    NODULE("nodule", "27925004"),
    PE("pe", "59282003"),
    /** A round opacity on a chest radiograph, reported as a pulmonary nodule. */
    OPACITY("opacity", "786838002"),
    /** "Fracture of bone", the root of SNOMED CT's fracture disorders. */
    FRACTURE("fracture", "125605004");

    static final String SCHEME = "SCT";

    private final String name;
    private final String code;

    TruthFinding(String name, String code) {
        this.name = name;
        this.code = code;
    }

    String generatorName() {
        return name;
    }

    String code() {
        return code;
    }

    static TruthFinding of(String name) {
        for (TruthFinding f : values()) {
            if (f.name.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("finding must be one of " + Arrays.stream(values())
                .map(TruthFinding::generatorName).collect(Collectors.joining(", ")) + ", was \"" + name + "\"");
    }
}
