package org.varde.gateway.metrics;

import org.varde.dicom.net.CallerRule;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code calling_ae} label of a metric: the AE title of a configured caller
 * ({@code dicom.allowedCallers}), or {@code other}. Never the text a peer sent: every distinct label
 * value is a new time series held forever, so a peer choosing its calling AE title per association
 * would grow the registry (and Prometheus) without bound, and could write any text into dashboards.
 */
public final class CallerLabels {
    public static final String OTHER = "other";
    /** No configured callers: every caller is {@code other}. */
    public static final CallerLabels NONE = new CallerLabels(Set.of());

    private final Set<String> configured;

    private CallerLabels(Set<String> configured) {
        this.configured = Set.copyOf(configured);
    }

    /** @param allowedCallers the config's entries, {@code "AET"} or {@code "AET@host"} */
    public static CallerLabels fromConfig(Collection<String> allowedCallers) {
        return new CallerLabels(allowedCallers.stream().map(c -> CallerRule.parse(c).aeTitle())
                .collect(Collectors.toSet()));
    }

    public String label(String callingAeTitle) {
        return callingAeTitle != null && configured.contains(callingAeTitle) ? callingAeTitle : OTHER;
    }
}
