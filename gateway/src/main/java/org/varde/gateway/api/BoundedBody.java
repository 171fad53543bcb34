package org.varde.gateway.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body of at most a given size, after the caller was authenticated. Vert.x's own
 * BodyHandler must come before any authentication handler, which would buffer up to the limit for
 * anyone; this one runs behind {@link Authenticator}, which paused the request, so an unknown
 * caller's body is never read. Over the limit: 413 (RFC 9110 15.5.14) and the connection closes.
 */
final class BoundedBody {
    private static final String BODY = "varde.body";

    private BoundedBody() {
    }

    static Handler<RoutingContext> reader(long maxBytes) {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            String declared = request.getHeader("Content-Length");
            if (declared != null && tooLong(declared, maxBytes)) {
                refuse(ctx, maxBytes);
                return;
            }
            Buffer body = Buffer.buffer();
            boolean[] refused = {false};
            request.handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                if (body.length() + (long) chunk.length() > maxBytes) {
                    refused[0] = true;
                    refuse(ctx, maxBytes);
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(ctx::fail);
            request.endHandler(v -> {
                if (!refused[0]) {
                    ctx.put(BODY, body);
                    ctx.next();
                }
            });
            request.resume();
        };
    }

    /** The body as read; empty when there was none. */
    static Buffer raw(RoutingContext ctx) {
        Buffer body = ctx.get(BODY);
        return body == null ? Buffer.buffer() : body;
    }

    /** The body as a JSON object; null when it is empty or not one. */
    static JsonObject json(RoutingContext ctx) {
        Buffer body = ctx.get(BODY);
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            Object value = Json.decodeValue(body);
            return value instanceof JsonObject object ? object : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    private static boolean tooLong(String declared, long maxBytes) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void refuse(RoutingContext ctx, long maxBytes) {
        if (ctx.response().ended()) {
            return;
        }
        // the rest of the body is not read: on HTTP/1.x the connection closes after this answer; HTTP/2
        // forbids connection headers (RFC 9113 8.2.2) and resets only the stream
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
        }
        Responses.error(ctx, 413, "the body is larger than " + maxBytes + " bytes");
    }
}
