package org.varde.connectors.algorithm.rest;

import io.vertx.core.VertxException;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * What an HTTP status or a failed call to a vendor means for the job: which {@link Kind}, and whether a
 * later attempt may cure it. Transient (retried with backoff): no answer, 408, 409 (RFC 9110 15.5.10;
 * the Idempotency-Key draft answers 409 while the first request with the key is still processed),
 * 425, 429 and 5xx. Everything else the vendor refused will be refused again: dead-lettered at once.
 */
final class HttpVerdict {
    private HttpVerdict() {
    }

    static DispatchFailure ofStatus(String what, int status, String bodyExcerpt) {
        String words = "HTTP " + status + (bodyExcerpt == null || bodyExcerpt.isBlank() ? "" : ": " + bodyExcerpt);
        boolean transientStatus = status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
        Kind kind = status == 401 || status == 403 || status == 404 || status == 405 || status == 415 ? Kind.REJECTED
                : Kind.REFUSED;
        return DispatchFailure.fromPeer(kind, transientStatus, what + " answered HTTP " + status, words);
    }

    static DispatchFailure ofCallFailure(String what, Throwable cause) {
        if (cause instanceof DispatchFailure failure) {
            return failure;
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || isConnectTimeout(cause)) {
            return DispatchFailure.of(Kind.UNREACHABLE, what + ": nobody answered (" + describe(cause) + ")", cause);
        }
        if (cause instanceof TimeoutException) {
            return DispatchFailure.of(Kind.TIMEOUT, what + ": " + cause.getMessage(), cause);
        }
        return DispatchFailure.of(Kind.PROTOCOL, what + ": the connection failed mid-call (" + describe(cause) + ")",
                cause);
    }

    private static boolean isConnectTimeout(Throwable cause) {
        return cause.getClass().getName().endsWith("ConnectTimeoutException")
                || cause instanceof VertxException && String.valueOf(cause.getMessage()).contains("connection timed out");
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
