package org.varde.gateway.routing;

import java.math.BigDecimal;

/**
 * One volume tier of a contract: the studies of a month numbered {@code from..upTo} (1-based,
 * inclusive) cost {@code price} each. The last tier is open: {@code upTo} is {@link Long#MAX_VALUE}.
 */
public record ContractTier(long from, long upTo, BigDecimal price) {

    public boolean open() {
        return upTo == Long.MAX_VALUE;
    }

    /** How many of a month's first {@code units} studies fall in this tier. */
    public long unitsOf(long units) {
        return Math.max(0, Math.min(units, upTo) - from + 1);
    }
}
