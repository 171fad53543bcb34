package org.varde.gateway.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web UI: {@code /} is its page, {@code /ui/*} its scripts and styles, all from the jar (the
 * {@code ui/} folder of the classpath), nothing from elsewhere. Open, since a browser loads them
 * before anyone logged in; they hold no data. Every API call the UI makes carries the user's token.
 * The Content-Security-Policy allows scripts, styles, images and fetches from this origin only, no
 * inline script and no framing, so an injected string in a study or an error message cannot run.
 */
final class WebUi {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String ROOT = "ui";

    private final Buffer index = Buffer.buffer(read(ROOT + "/index.html"));

    void mount(ApiRoutes routes) {
        routes.open(io.vertx.core.http.HttpMethod.GET, "/", this::index);
        routes.openStatic("/ui/", ctx -> {
            secure(ctx);
            ctx.next();
        }, StaticHandler.create(ROOT).setDirectoryListing(false).setIncludeHidden(false)
                .setDefaultContentEncoding("UTF-8"));
    }

    private void index(RoutingContext ctx) {
        secure(ctx);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(index);
    }

    /** Headers for every UI response; set before the static handler answers. */
    static void secure(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the web UI is missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
