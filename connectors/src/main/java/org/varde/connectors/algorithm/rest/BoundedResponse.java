package org.varde.connectors.algorithm.rest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a vendor's response body up to a bound, never beyond: a declared length over the bound is
 * refused before a byte is read, a body that grows past it is cut off and its connection reset. A
 * vendor cannot make Varde hold more than the bound in memory.
 */
final class BoundedResponse {
    private BoundedResponse() {
    }

    /** The whole body; fails with {@link TooLargeException} beyond {@code maxBytes}. */
    static Future<Buffer> body(HttpClientResponse response, long maxBytes) {
        return read(response, maxBytes, false);
    }

    /** The first {@code maxBytes} of the body, the rest dropped (for the vendor's words in an error). */
    static Future<Buffer> excerpt(HttpClientResponse response, int maxBytes) {
        return read(response, maxBytes, true);
    }

    private static Future<Buffer> read(HttpClientResponse response, long maxBytes, boolean cut) {
        Promise<Buffer> promise = Promise.promise();
        String declared = response.getHeader("Content-Length");
        if (!cut && declared != null && tooLong(declared, maxBytes)) {
            response.request().reset();
            return Future.failedFuture(new TooLargeException(maxBytes));
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBytes) {
                if (cut) {
                    body.appendBuffer(chunk, 0, (int) (maxBytes - body.length()));
                    promise.tryComplete(body);
                } else {
                    promise.tryFail(new TooLargeException(maxBytes));
                }
                response.request().reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(e -> promise.tryFail(e));
        response.endHandler(v -> promise.tryComplete(body));
        return promise.future();
    }

    private static boolean tooLong(String declared, long maxBytes) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The body is larger than Varde accepts. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("the vendor's answer is larger than " + maxBytes + " bytes");
        }
    }
}
