package org.varde.dicom.net;

/**
 * What happens to associations, for metrics and logs. Every method is called on the event loop and
 * must not block; all have empty defaults.
 */
public interface AssociationListener {
    default void accepted(AssociationInfo association) {
    }

    /** The association ended, by release, abort or a lost connection. */
    default void ended(AssociationInfo association, boolean released) {
    }

    /** An A-ASSOCIATE-RQ was answered with A-ASSOCIATE-RJ. */
    default void rejected(String callingAeTitle, String remoteHost, RejectReason reason) {
    }

    /** The association was aborted because of a protocol error by the peer, or by a local failure. */
    default void aborted(AssociationInfo associationOrNull, String remoteHost, String why) {
    }

    /** A TCP connection was closed at accept: the limit on connections not yet associated was reached. */
    default void connectionRefused(String remoteHost) {
    }
}
