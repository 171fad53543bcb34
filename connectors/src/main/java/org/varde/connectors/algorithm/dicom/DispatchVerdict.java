package org.varde.connectors.algorithm.dicom;

import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.net.AssociationRejectedException;
import org.varde.dicom.net.StoreOutcome;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns what {@code StoreScu} reports into a receipt or a typed {@link DispatchFailure}. */
final class DispatchVerdict {
    private DispatchVerdict() {
    }

    /**
     * A receipt only when every instance was acknowledged with success or warning (PS3.4 B.2.3: a
     * warning means the vendor stored it, perhaps coerced). Otherwise the first problem, our side first.
     *
     * @throws DispatchFailure when any instance was not acknowledged
     */
    static DispatchReceipt judge(DispatchRequest request, List<StoreOutcome> outcomes, List<String> refusedSopClasses,
                                 Duration elapsed) throws DispatchFailure {
        int total = outcomes.size();
        for (int i = 0; i < total; i++) {
            StoreOutcome o = outcomes.get(i);
            // StoreScu leaves the SOP instance UID null only when the file's header could not be read
            if (o.sopInstanceUid() == null) {
                throw DispatchFailure.of(Kind.SOURCE_UNREADABLE,
                        "spool file " + o.file().getFileName() + " is " + o.failureOrNull());
            }
        }
        for (int i = 0; i < total; i++) {
            StoreOutcome o = outcomes.get(i);
            if (o.statusOrNull() != null && !o.isSuccess()) {
                throw DispatchFailure.fromPeer(Kind.REFUSED, StoreStatusWords.retryable(o.statusOrNull()),
                        "vendor refused instance " + (i + 1) + " of " + total + " (" + o.sopInstanceUid() + ")",
                        StoreStatusWords.of(o.statusOrNull()));
            }
        }
        if (!refusedSopClasses.isEmpty()) {
            throw DispatchFailure.of(Kind.REJECTED,
                    "vendor accepted no presentation context for SOP class " + String.join(", ", refusedSopClasses));
        }
        List<String> acknowledged = new ArrayList<>(total);
        int warnings = 0;
        for (StoreOutcome o : outcomes) {
            if (!o.isSuccess()) {
                throw DispatchFailure.of(Kind.PROTOCOL, "instance " + (acknowledged.size() + 1) + " of " + total
                        + " was not acknowledged: " + o.failureOrNull());
            }
            acknowledged.add(o.sopInstanceUid());
            warnings += o.statusOrNull().isWarning() ? 1 : 0;
        }
        return new DispatchReceipt(request.idempotencyKey(), acknowledged, warnings, elapsed);
    }

    /** Why the association could not be opened. */
    static DispatchFailure openFailed(Throwable cause) {
        if (cause instanceof AssociationRejectedException rejected) {
            // PS3.8 9.3.4: the vendor's answer says whether to try again (result 2, transient) or not (1, permanent)
            boolean transientRejection = rejected.rejection().result() != 1;
            return DispatchFailure.fromPeer(Kind.REJECTED, transientRejection, "vendor refused the association",
                    rejected.getMessage(), cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                // PS3.15 B.10: no association without a verified TLS peer (its certificate, or ours as it saw it)
                return DispatchFailure.of(Kind.REJECTED, "TLS handshake with the vendor failed: " + t.getMessage(), cause);
            }
            // netty's connect timeout and refused connections are both ConnectException subclasses
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return DispatchFailure.of(Kind.UNREACHABLE, "cannot connect: " + t.getMessage(), cause);
            }
        }
        return DispatchFailure.of(Kind.PROTOCOL, "association failed: " + cause.getMessage(), cause);
    }
}
