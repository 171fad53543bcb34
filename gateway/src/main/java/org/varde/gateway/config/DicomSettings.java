package org.varde.gateway.config;

import org.varde.dicom.net.CallerRule;
import org.varde.dicom.net.DicomServerOptions;

import java.util.List;
import java.util.Set;

/**
 * The {@code dicom} section: the listener modalities and PACS send to.
 *
 * @param allowedCallers           {@code AET} (from any host) or {@code AET@host}; a caller is accepted
 *                                 only when an entry matches (deny by default: empty refuses all)
 * @param allowAnyCaller           the explicit choice to accept every caller whatever the list says
 * @param acceptedTransferSyntaxes empty means every transfer syntax offered (stored as received)
 * @param tls                      the DICOM-over-TLS listener, or null for none
 */
public record DicomSettings(String aeTitle, String bind, int port, int maxAssociations, List<String> allowedCallers,
                            boolean allowAnyCaller, int maxPduLength, List<String> acceptedTransferSyntaxes,
                            DicomLimits limits, DicomTls tls) {
    public DicomSettings {
        allowedCallers = List.copyOf(allowedCallers);
        acceptedTransferSyntaxes = List.copyOf(acceptedTransferSyntaxes);
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Without TLS. */
    public DicomSettings(String aeTitle, String bind, int port, int maxAssociations, List<String> allowedCallers,
                         boolean allowAnyCaller, int maxPduLength, List<String> acceptedTransferSyntaxes,
                         DicomLimits limits) {
        this(aeTitle, bind, port, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, null);
    }

    /** With the default {@link DicomLimits}, without TLS. */
    public DicomSettings(String aeTitle, String bind, int port, int maxAssociations, List<String> allowedCallers,
                         boolean allowAnyCaller, int maxPduLength, List<String> acceptedTransferSyntaxes) {
        this(aeTitle, bind, port, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, DicomLimits.DEFAULTS);
    }

    /** The listener's caller rules: {@link CallerRule#ANY} only when chosen; otherwise the list, possibly empty. */
    public List<CallerRule> callerRules() {
        return allowAnyCaller ? List.of(CallerRule.ANY) : allowedCallers.stream().map(CallerRule::parse).toList();
    }

    public DicomServerOptions toServerOptions() {
        return new DicomServerOptions(aeTitle, bind, port, maxAssociations,
                callerRules(), Set.of(),
                Set.copyOf(acceptedTransferSyntaxes), maxPduLength,
                limits.associationRequestTimeout().toMillis(), limits.idleTimeout().toMillis(),
                limits.maxPendingConnections(), limits.maxPendingConnectionsPerHost());
    }

    public DicomSettings withPort(int newPort) {
        return new DicomSettings(aeTitle, bind, newPort, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, tls);
    }

    public DicomSettings withCallers(List<String> newCallers, boolean newAllowAnyCaller) {
        return new DicomSettings(aeTitle, bind, port, maxAssociations, newCallers, newAllowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, tls);
    }

    /** With a DICOM-over-TLS listener (null: none). */
    public DicomSettings withTls(DicomTls newTls) {
        return new DicomSettings(aeTitle, bind, port, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, newTls);
    }
}
