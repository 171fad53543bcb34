package org.varde.connectors.algorithm.dicomweb;

import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.connectors.algorithm.dicom.StoreStatusWords;
import org.varde.dicom.dimse.Status;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a vendor's answer to a STOW-RS request into a receipt or a typed {@link DispatchFailure}.
 *
 * <p>PS3.18 10.5.3 (Table 10.5.3-1): 200 every instance stored; 202 some stored, or stored with
 * warnings (the body's sequences say which); 409 none stored; 400, 415 the request itself is wrong;
 * 503 busy. Only what a later attempt may cure is retryable: 5xx, 408, 429, an unreachable vendor, a
 * timeout, a connection lost mid-call. A 4xx says the same request will fail again: the job goes to the
 * dead letters at once with the vendor's words, for an operator to fix (a token, a URL).
 */
final class StowVerdict {
    private StowVerdict() {
    }

    static DispatchReceipt judge(DispatchRequest request, List<SentInstance> sent, int status, String contentType,
                                 BoundedBody body, Duration elapsed) throws DispatchFailure {
        String words = "HTTP " + status + (body.bytes().length == 0 ? "" : ": " + text(body));
        if (status == 200 || status == 202) {
            return stored(request, sent, response(status, contentType, body, words), elapsed);
        }
        if (status == 409) {
            throw DispatchFailure.fromPeer(Kind.REFUSED, conflictRetryable(contentType, body),
                    "vendor stored none of the " + sent.size() + " instances", words);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return failed(Kind.REFUSED, true, "vendor answered HTTP " + status, words);
        }
        if (status == 401 || status == 403 || status == 404 || status == 405) {
            // the vendor refuses the call as a whole: our credentials or the URL are wrong
            return failed(Kind.REJECTED, false, "vendor refused the STOW-RS request with HTTP " + status, words);
        }
        if (status >= 300 && status < 400) {
            return failed(Kind.REJECTED, false, "vendor answered HTTP " + status
                    + " (a redirect is not followed: correct the endpoint url)", words);
        }
        return failed(Kind.REFUSED, false, "vendor refused the STOW-RS request with HTTP " + status, words);
    }

    private static DispatchReceipt failed(Kind kind, boolean retryable, String message, String words)
            throws DispatchFailure {
        throw DispatchFailure.fromPeer(kind, retryable, message, words);
    }

    private static StowResponse response(int status, String contentType, BoundedBody body, String words)
            throws DispatchFailure {
        if (body.truncated()) {
            throw DispatchFailure.fromPeer(Kind.PROTOCOL, true, "vendor's STOW-RS response is larger than "
                    + body.bytes().length + " bytes", words);
        }
        try {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            return type.contains("xml") ? StowResponse.fromXml(body.bytes()) : StowResponse.fromJson(body.bytes());
        } catch (StowResponse.UnreadableResponseException e) {
            throw DispatchFailure.fromPeer(Kind.PROTOCOL, true, "vendor answered HTTP " + status
                    + " with a body that is no STOW-RS response (" + e.getMessage() + ")", words);
        }
    }

    /**
     * A receipt only when the response lists every instance sent as stored and none as failed: an
     * instance the response does not mention may not have been stored, and a vendor that runs its
     * algorithm on part of a study gives a wrong answer about the whole.
     */
    private static DispatchReceipt stored(DispatchRequest request, List<SentInstance> sent, StowResponse response,
                                          Duration elapsed) throws DispatchFailure {
        if (!response.failed().isEmpty()) {
            StowResponse.Item first = response.failed().get(0);
            Status reason = first.reasonOrNull() == null ? null : new Status(first.reasonOrNull());
            boolean retryable = reason == null || StoreStatusWords.retryable(reason);
            throw DispatchFailure.fromPeer(Kind.REFUSED, retryable, "vendor refused " + response.failed().size()
                    + " of " + sent.size() + " instances (first " + first.sopInstanceUid() + ")",
                    "Failed SOP Sequence, Failure Reason " + (reason == null ? "absent" : StoreStatusWords.of(reason)));
        }
        Map<String, StowResponse.Item> byUid = new HashMap<>();
        response.referenced().forEach(i -> byUid.put(i.sopInstanceUid(), i));
        List<String> acknowledged = new ArrayList<>(sent.size());
        int warnings = 0;
        for (int i = 0; i < sent.size(); i++) {
            StowResponse.Item item = byUid.get(sent.get(i).sopInstanceUid());
            if (item == null) {
                throw DispatchFailure.of(Kind.PROTOCOL, "vendor's STOW-RS response does not list instance " + (i + 1)
                        + " of " + sent.size() + " (" + sent.get(i).sopInstanceUid() + ") as stored");
            }
            acknowledged.add(item.sopInstanceUid());
            warnings += item.reasonOrNull() == null ? 0 : 1;
        }
        return new DispatchReceipt(request.idempotencyKey(), acknowledged, warnings, elapsed);
    }

    /** 409 with Failure Reasons that are all transient (out of resources) may pass later; otherwise not. */
    private static boolean conflictRetryable(String contentType, BoundedBody body) {
        try {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            StowResponse response = type.contains("xml") ? StowResponse.fromXml(body.bytes())
                    : StowResponse.fromJson(body.bytes());
            return !response.failed().isEmpty() && response.failed().stream()
                    .allMatch(i -> i.reasonOrNull() != null && StoreStatusWords.retryable(new Status(i.reasonOrNull())));
        } catch (StowResponse.UnreadableResponseException e) {
            return false;
        }
    }

    /** Why the exchange did not produce an answer at all. */
    static DispatchFailure exchangeFailed(DicomWebEndpoint endpoint, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return DispatchFailure.of(Kind.UNREACHABLE, "cannot connect to " + endpoint.describe() + " within "
                        + endpoint.connectTimeout().toSeconds() + " s", cause);
            }
            if (t instanceof HttpTimeoutException) {
                return DispatchFailure.of(Kind.TIMEOUT, "vendor " + endpoint.describe() + " did not answer in time", cause);
            }
            if (t instanceof SSLException) {
                return DispatchFailure.of(Kind.REJECTED, "TLS handshake with " + endpoint.describe() + " failed: "
                        + t.getMessage(), cause);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return DispatchFailure.of(Kind.UNREACHABLE, "cannot connect to " + endpoint.describe() + ": "
                        + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage()), cause);
            }
        }
        return DispatchFailure.of(Kind.PROTOCOL, "the STOW-RS exchange with " + endpoint.describe() + " broke off: "
                + cause, cause);
    }

    private static String text(BoundedBody body) {
        return new String(body.bytes(), 0, Math.min(body.bytes().length, 2 * DispatchFailure.MAX_PEER_WORDS),
                StandardCharsets.UTF_8);
    }
}
