package org.varde.dicom.net;

import org.varde.dicom.data.StorageSopClasses;
import org.varde.dicom.data.UID;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a DICOM listener behaves. Built from config; immutable.
 *
 * @param acceptedSopClasses       abstract syntaxes accepted; empty means {@link #DEFAULT_SOP_CLASSES}
 *                                 (MPPS only where an MPPS handler is registered, either way)
 * @param acceptedTransferSyntaxes transfer syntaxes accepted; empty means every one offered
 *                                 (data sets are stored as received, never transcoded)
 * @param maxPduLength             our receive limit announced in A-ASSOCIATE-AC (PS3.8 D.1)
 * @param artimTimeoutMillis       PS3.8 9.1.5 ARTIM: time to wait for the A-ASSOCIATE-RQ after
 *                                 connect and for the socket to close after release/abort
 * @param idleTimeoutMillis        an association that sends nothing for this long is aborted
 * @param maxPendingConnections    TCP connections accepted that have not sent their A-ASSOCIATE-RQ
 *                                 yet; one more is closed at once (connections count from accept,
 *                                 not from association)
 * @param maxPendingConnectionsPerHost the same per remote address, so one host cannot take them all
 * @param otherAeTitles            further called AE titles this listener answers to (Varde's results
 *                                 AE title beside its own); the handler sees which one was called
 */
public record DicomServerOptions(String aeTitle, String bindHost, int port, int maxAssociations,
                                 List<CallerRule> allowedCallers, Set<String> acceptedSopClasses,
                                 Set<String> acceptedTransferSyntaxes, int maxPduLength,
                                 long artimTimeoutMillis, long idleTimeoutMillis,
                                 int maxPendingConnections, int maxPendingConnectionsPerHost,
                                 Set<String> otherAeTitles) {
    public static final int DEFAULT_MAX_PDU_LENGTH = 1 << 20;
    public static final long DEFAULT_ARTIM_MILLIS = 30_000;
    public static final long DEFAULT_IDLE_MILLIS = 300_000;
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 64;
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS_PER_HOST = 16;
    /** What a listener accepts when {@code acceptedSopClasses} is empty: Verification, every storage SOP class, MPPS. */
    public static final Set<String> DEFAULT_SOP_CLASSES = defaultSopClasses();

    public DicomServerOptions {
        Objects.requireNonNull(aeTitle);
        allowedCallers = List.copyOf(allowedCallers);
        acceptedSopClasses = Set.copyOf(acceptedSopClasses);
        acceptedTransferSyntaxes = Set.copyOf(acceptedTransferSyntaxes);
        if (maxPendingConnections < 1 || maxPendingConnectionsPerHost < 1) {
            throw new IllegalArgumentException("pending connection limits must be at least 1");
        }
        otherAeTitles = Set.copyOf(otherAeTitles);
    }

    /** Answering to {@code aeTitle} only. */
    public DicomServerOptions(String aeTitle, String bindHost, int port, int maxAssociations,
                              List<CallerRule> allowedCallers, Set<String> acceptedSopClasses,
                              Set<String> acceptedTransferSyntaxes, int maxPduLength,
                              long artimTimeoutMillis, long idleTimeoutMillis,
                              int maxPendingConnections, int maxPendingConnectionsPerHost) {
        this(aeTitle, bindHost, port, maxAssociations, allowedCallers, acceptedSopClasses, acceptedTransferSyntaxes,
                maxPduLength, artimTimeoutMillis, idleTimeoutMillis, maxPendingConnections,
                maxPendingConnectionsPerHost, Set.of());
    }

    /** With the default limits on connections not yet associated. */
    public DicomServerOptions(String aeTitle, String bindHost, int port, int maxAssociations,
                              List<CallerRule> allowedCallers, Set<String> acceptedSopClasses,
                              Set<String> acceptedTransferSyntaxes, int maxPduLength,
                              long artimTimeoutMillis, long idleTimeoutMillis) {
        this(aeTitle, bindHost, port, maxAssociations, allowedCallers, acceptedSopClasses, acceptedTransferSyntaxes,
                maxPduLength, artimTimeoutMillis, idleTimeoutMillis, DEFAULT_MAX_PENDING_CONNECTIONS,
                DEFAULT_MAX_PENDING_CONNECTIONS_PER_HOST);
    }

    private static Set<String> defaultSopClasses() {
        Set<String> classes = new HashSet<>(StorageSopClasses.all());
        classes.add(UID.Verification);
        classes.add(UID.ModalityPerformedProcedureStep);
        return Set.copyOf(classes);
    }

    /** Every caller accepted ({@link CallerRule#ANY}): for sandboxes and tests, not for a gateway's config. */
    public static DicomServerOptions defaults(String aeTitle, String bindHost, int port) {
        return new DicomServerOptions(aeTitle, bindHost, port, 64, List.of(CallerRule.ANY), Set.of(), Set.of(),
                DEFAULT_MAX_PDU_LENGTH, DEFAULT_ARTIM_MILLIS, DEFAULT_IDLE_MILLIS);
    }

    /** PS3.8 9.3.4: any other called AE title is rejected as "called-AE-title-not-recognized". */
    public boolean answersTo(String calledAeTitle) {
        return aeTitle.equals(calledAeTitle) || otherAeTitles.contains(calledAeTitle);
    }

    public DicomServerOptions withOtherAeTitles(Set<String> titles) {
        return new DicomServerOptions(aeTitle, bindHost, port, maxAssociations, allowedCallers, acceptedSopClasses,
                acceptedTransferSyntaxes, maxPduLength, artimTimeoutMillis, idleTimeoutMillis, maxPendingConnections,
                maxPendingConnectionsPerHost, titles);
    }


    /**
     * Deny by default: a caller is accepted only when a rule matches it, so an empty list refuses
     * every caller (PS3.8 9.3.4: rejected-permanent, "calling AE title not recognized");
     * {@link CallerRule#ANY} accepts all.
     */
    public boolean isCallerAllowed(String callingAeTitle, String remoteHost) {
        return allowedCallers.stream().anyMatch(rule -> rule.matches(callingAeTitle, remoteHost));
    }

    public DicomServerOptions withPort(int newPort) {
        return new DicomServerOptions(aeTitle, bindHost, newPort, maxAssociations, allowedCallers,
                acceptedSopClasses, acceptedTransferSyntaxes, maxPduLength, artimTimeoutMillis, idleTimeoutMillis,
                maxPendingConnections, maxPendingConnectionsPerHost, otherAeTitles);
    }
}
