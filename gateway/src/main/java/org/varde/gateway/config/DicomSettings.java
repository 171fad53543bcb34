package org.varde.gateway.config;

import org.varde.dicom.net.CallerRule;
import org.varde.dicom.net.DicomServerOptions;

import java.util.HashSet;
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
 * @param privateSopClasses        storage SOP classes outside PS3.4 Annex B.5 (a vendor's private
 *                                 ones) accepted beside the standard list
 */
public record DicomSettings(String aeTitle, String bind, int port, int maxAssociations, List<String> allowedCallers,
                            boolean allowAnyCaller, int maxPduLength, List<String> acceptedTransferSyntaxes,
                            DicomLimits limits, DicomTls tls, List<String> privateSopClasses) {
    public DicomSettings {
        allowedCallers = List.copyOf(allowedCallers);
        acceptedTransferSyntaxes = List.copyOf(acceptedTransferSyntaxes);
        privateSopClasses = List.copyOf(privateSopClasses);
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Without private SOP classes. */
    public DicomSettings(String aeTitle, String bind, int port, int maxAssociations, List<String> allowedCallers,
                         boolean allowAnyCaller, int maxPduLength, List<String> acceptedTransferSyntaxes,
                         DicomLimits limits, DicomTls tls) {
        this(aeTitle, bind, port, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, tls, List.of());
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
                callerRules(), acceptedSopClasses(),
                Set.copyOf(acceptedTransferSyntaxes), maxPduLength,
                limits.associationRequestTimeout().toMillis(), limits.idleTimeout().toMillis(),
                limits.maxPendingConnections(), limits.maxPendingConnectionsPerHost());
    }

    /**
     * The listener's abstract syntaxes: empty (its defaults) unless private SOP classes are configured,
     * then those beside the same defaults.
     */
    private Set<String> acceptedSopClasses() {
        if (privateSopClasses.isEmpty()) {
            return Set.of();
        }
        Set<String> accepted = new HashSet<>(DicomServerOptions.DEFAULT_SOP_CLASSES);
        accepted.addAll(privateSopClasses);
        return accepted;
    }

    public DicomSettings withPort(int newPort) {
        return new DicomSettings(aeTitle, bind, newPort, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, tls, privateSopClasses);
    }

    public DicomSettings withCallers(List<String> newCallers, boolean newAllowAnyCaller) {
        return new DicomSettings(aeTitle, bind, port, maxAssociations, newCallers, newAllowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, tls, privateSopClasses);
    }

    /** With a DICOM-over-TLS listener (null: none). */
    public DicomSettings withTls(DicomTls newTls) {
        return new DicomSettings(aeTitle, bind, port, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, newTls, privateSopClasses);
    }

    /** With these private storage SOP classes accepted beside the standard ones. */
    public DicomSettings withPrivateSopClasses(List<String> uids) {
        return new DicomSettings(aeTitle, bind, port, maxAssociations, allowedCallers, allowAnyCaller, maxPduLength,
                acceptedTransferSyntaxes, limits, tls, uids);
    }
}
