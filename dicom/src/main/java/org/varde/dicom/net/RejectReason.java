package org.varde.dicom.net;

/** A-ASSOCIATE-RJ result, source and reason as PS3.8 9.3.4 defines them. */
public enum RejectReason {
    /** result 1 permanent, source 1 service user, reason 1. */
    NO_REASON(1, 1, 1),
    /** result 1 permanent, source 1 service user, reason 2. */
    APPLICATION_CONTEXT_NOT_SUPPORTED(1, 1, 2),
    /** result 1 permanent, source 1 service user, reason 3. */
    CALLING_AE_NOT_RECOGNIZED(1, 1, 3),
    /** result 1 permanent, source 1 service user, reason 7. */
    CALLED_AE_NOT_RECOGNIZED(1, 1, 7),
    /** result 1 permanent, source 2 service provider (ACSE), reason 2. */
    PROTOCOL_VERSION_NOT_SUPPORTED(1, 2, 2),
    /** result 2 transient, source 3 service provider (presentation), reason 2: local limit exceeded. */
    LOCAL_LIMIT_EXCEEDED(2, 3, 2);

    public final int result;
    public final int source;
    public final int reason;

    RejectReason(int result, int source, int reason) {
        this.result = result;
        this.source = source;
        this.reason = reason;
    }
}
