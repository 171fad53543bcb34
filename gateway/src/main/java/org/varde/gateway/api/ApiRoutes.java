package org.varde.gateway.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;

/**
 * The only way an endpoint is added: each one states the role it needs, and the authenticator runs
 * before its handler (and before its body is read). Open endpoints are declared as open by name.
 * {@link #checkEveryRouteDeclared} refuses a router holding a route that did neither, so a route
 * added around this class cannot be served: deny by default, by construction.
 */
final class ApiRoutes {
    static final String ROLE = "varde.role";
    static final String OPEN = "varde.open";
    static final String CALLBACK = "varde.callback";

    private final Router router;
    private final Authenticator authenticator;

    ApiRoutes(Router router, Authenticator authenticator) {
        this.router = router;
        this.authenticator = authenticator;
    }

    /** An endpoint anyone may call: only probes and scrapes, which must reveal nothing. */
    void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
        router.route(method, path).putMetadata(OPEN, true).handler(handler);
    }

    /**
     * An open POST with a bounded body ({@link BoundedBody#json}): only the web UI's log-in, which a
     * browser calls before it holds a token and which answers nothing without the provider's code.
     */
    void openWithBody(String path, long maxBodyBytes, Handler<RoutingContext> handler) {
        router.route(HttpMethod.POST, path).putMetadata(OPEN, true)
                .handler(BoundedBody.reader(maxBodyBytes))
                .handler(handler);
    }

    /**
     * The web UI's static files under a path prefix ({@code /ui/*}): open, because a browser fetches
     * them before anyone logged in; they hold no data (every API call the UI makes carries the user's
     * token and is checked like any other).
     */
    void openStatic(String pathPrefix, Handler<RoutingContext> headers, Handler<RoutingContext> files) {
        router.route(HttpMethod.GET, pathPrefix + "*").putMetadata(OPEN, true).handler(headers).handler(files);
    }

    void get(String path, Role role, Handler<RoutingContext> handler) {
        secured(HttpMethod.GET, path, role).handler(handler);
    }

    void post(String path, Role role, Handler<RoutingContext> handler) {
        secured(HttpMethod.POST, path, role).handler(handler);
    }

    void delete(String path, Role role, Handler<RoutingContext> handler) {
        secured(HttpMethod.DELETE, path, role).handler(handler);
    }

    /** A POST with a body of at most {@code maxBodyBytes} ({@link BoundedBody#json}), read only once the caller passed (413 beyond). */
    void postWithBody(String path, Role role, long maxBodyBytes, Handler<RoutingContext> handler) {
        router.route(HttpMethod.POST, path).putMetadata(ROLE, role)
                .handler(authenticator.require(role, true))
                .handler(BoundedBody.reader(maxBodyBytes))
                .handler(handler);
    }

    /** A PUT with a body of at most {@code maxBodyBytes}, read only once the caller passed (413 beyond). */
    void putWithBody(String path, Role role, long maxBodyBytes, Handler<RoutingContext> handler) {
        router.route(HttpMethod.PUT, path).putMetadata(ROLE, role)
                .handler(authenticator.require(role, true))
                .handler(BoundedBody.reader(maxBodyBytes))
                .handler(handler);
    }

    /** A FHIR interaction without a body (a read), its refusals answered by {@code refusals}. */
    void fhir(HttpMethod method, String path, Role role, Authenticator.RefusalBody refusals,
              Handler<RoutingContext> handler) {
        router.route(method, path).putMetadata(ROLE, role).handler(authenticator.require(role, false, refusals))
                .handler(handler);
    }

    /**
     * A FHIR interaction with a body of at most {@code maxBodyBytes} (a create or an update), read only
     * once the caller passed; a refused caller is answered by {@code refusals} (an OperationOutcome).
     */
    void fhirWithBody(HttpMethod method, String path, Role role, long maxBodyBytes, Authenticator.RefusalBody refusals,
                      Handler<RoutingContext> handler) {
        router.route(method, path).putMetadata(ROLE, role)
                .handler(authenticator.require(role, true, refusals))
                .handler(BoundedBody.reader(maxBodyBytes))
                .handler(handler);
    }

    /**
     * A vendor's webhook: authenticated by {@code authenticate} (the job's own secret, checked while
     * the request is paused; it must answer 401 itself when the secret is wrong), then a body of at
     * most {@code maxBodyBytes}. Declared as a callback by name, so the route check knows it is guarded.
     */
    void callback(String path, long maxBodyBytes, Handler<RoutingContext> authenticate,
                  Handler<RoutingContext> handler) {
        router.route(HttpMethod.POST, path).putMetadata(CALLBACK, true)
                .handler(authenticate)
                .handler(BoundedBody.reader(maxBodyBytes))
                .handler(handler);
    }

    /**
     * A POST whose handler reads the body itself, as it streams (a STOW-RS upload): the request stays
     * paused until the caller passed, and the handler resumes it.
     */
    void postStreaming(String path, Role role, Handler<RoutingContext> handler) {
        router.route(HttpMethod.POST, path).putMetadata(ROLE, role)
                .handler(authenticator.require(role, true))
                .handler(handler);
    }

    /** Everything not declared: a caller with a token learns 404, anyone else 401. Mounted last. */
    void fallback() {
        router.route().putMetadata(ROLE, Role.VIEWER).handler(authenticator.require(Role.VIEWER, false))
                .handler(ctx -> Responses.error(ctx, 404, "no such endpoint"));
    }

    private Route secured(HttpMethod method, String path, Role role) {
        return router.route(method, path).putMetadata(ROLE, role).handler(authenticator.require(role, false));
    }

    /** @throws IllegalStateException naming a route that states neither a role nor that it is open */
    static void checkEveryRouteDeclared(Router router) {
        for (Route route : router.getRoutes()) {
            if (!(route.getMetadata(ROLE) instanceof Role) && !Boolean.TRUE.equals(route.getMetadata(OPEN))
                    && !Boolean.TRUE.equals(route.getMetadata(CALLBACK))) {
                throw new IllegalStateException("the HTTP route " + route.methods() + " " + route.getPath()
                        + " declares no role: it would be served to anyone; declare it through ApiRoutes");
            }
        }
    }
}
