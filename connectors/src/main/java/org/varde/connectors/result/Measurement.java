package org.varde.connectors.result;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A numeric value with its UCUM unit (for example a nodule's long axis, {@code 9.5 mm}).
 *
 * @param concept what was measured, e.g. (103339001, SCT, "Long Axis")
 * @param ucumUnit the unit as a UCUM code, e.g. {@code mm}, {@code mm3}, {@code [hnsf'U]}
 */
public record Measurement(Code concept, BigDecimal value, String ucumUnit) {
    public Measurement {
        Objects.requireNonNull(concept, "concept");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ucumUnit, "ucumUnit");
    }
}
