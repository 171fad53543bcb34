package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.Role;
import org.varde.gateway.sites.Site;
import org.varde.gateway.sites.Sites;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /api/sites: the names in force (a reload's swap included), then unassigned; a token needed. */
class SitesApiTest {
    @TempDir
    Path tmp;
    ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(tmp);
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void aViewerGetsTheSiteNamesInForceThenUnassigned() throws Exception {
        String viewer = api.token(Role.VIEWER);
        assertEquals(new JsonArray().add("unassigned"), new JsonArray(api.get("/api/sites", viewer).body()));

        api.pipeline.sites = new Sites(List.of(new Site("sorvik", List.of("CT_SORVIK"), List.of()),
                new Site("nordby", List.of(), List.of("Nordby sjukehus"))));
        HttpResponse<String> answer = api.get("/api/sites", viewer);
        assertEquals(200, answer.statusCode());
        assertEquals(new JsonArray().add("sorvik").add("nordby").add("unassigned"), new JsonArray(answer.body()));
        assertEquals(Optional.empty(), OpenApiSchemas.problem("GET", "/api/sites", 200, answer.body()));
        assertEquals(401, api.get("/api/sites", null).statusCode());
    }
}
