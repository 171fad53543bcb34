package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.sites.Site;
import org.varde.gateway.sites.Sites;

import java.util.function.Supplier;

/**
 * {@code GET /api/sites}: the names of the sites in force, then {@code unassigned}, the values the
 * {@code site} filter of {@code /api/value} and {@code /api/usage} takes. Names only: how a study
 * is matched to a site (AE titles, institutions) stays in the config.
 */
final class SitesApi {
    private final Supplier<Sites> sites;

    SitesApi(Supplier<Sites> sites) {
        this.sites = sites;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/sites", Role.VIEWER, this::list);
    }

    private void list(RoutingContext ctx) {
        JsonArray names = new JsonArray();
        for (Site site : sites.get().all()) {
            names.add(site.name());
        }
        Responses.json(ctx, names.add(Sites.UNASSIGNED).encode());
    }
}
