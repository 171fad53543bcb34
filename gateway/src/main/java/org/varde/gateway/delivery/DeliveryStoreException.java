package org.varde.gateway.delivery;

/** The delivery store's database failed; the caller retries later, nothing was half done. */
public final class DeliveryStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
