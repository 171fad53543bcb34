package org.varde.gateway.routing;

import java.util.List;

/** The guard's answer for one algorithm: may the study go, and which of the offered series fit. */
public record GuardVerdict(boolean allowed, List<SeriesFacts> series) {

    public GuardVerdict {
        series = List.copyOf(series);
    }
}
