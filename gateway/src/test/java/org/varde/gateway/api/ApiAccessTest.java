package org.varde.gateway.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.varde.gateway.access.DemoToken;
import org.varde.gateway.access.Role;
import org.varde.gateway.access.TokenSecret;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may call what: every route's role, deny by default, named tokens, the demo token. */
class ApiAccessTest {
    @TempDir
    Path tmp;
    private ApiFixture api;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiFixture(tmp).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        api.close();
    }

    /**
     * Walks the router the server runs: an open route answers without a token; a secured one answers
     * 401 without one, 403 to every role below its own and neither to its own.
     */
    @Test
    void everyRouteOfTheRouterIsOpenByNameOrNeedsItsDeclaredRole() throws Exception {
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            tokens.put(role, api.token(role));
        }
        List<String> checked = new ArrayList<>();
        for (Route route : api.api.router().getRoutes()) {
            if (route.getPath() == null) {
                continue; // the fallback: see unknownEndpointIs401WithoutATokenAnd404WithOne
            }
            String path = route.getPath().replace(":studyUid", "1.2.3.999").replace(":jobId", "no-such-job")
                    .replace(":name", "no-such-token");
            for (HttpMethod method : route.methods()) {
                checked.add(method + " " + route.getPath());
                if (Boolean.TRUE.equals(route.getMetadata(ApiRoutes.OPEN))) {
                    assertEquals(200, call(method, path, null).statusCode(), method + " " + path);
                    continue;
                }
                Role needed = route.getMetadata(ApiRoutes.ROLE);
                assertEquals(401, call(method, path, null).statusCode(), method + " " + path);
                for (Role role : Role.values()) {
                    int status = call(method, path, tokens.get(role)).statusCode();
                    if (role.includes(needed)) {
                        assertNotEquals(401, status, method + " " + path + " as " + role);
                        assertNotEquals(403, status, method + " " + path + " as " + role);
                    } else {
                        assertEquals(403, status, method + " " + path + " as " + role);
                    }
                }
            }
        }
        assertTrue(checked.containsAll(List.of("GET /health", "GET /metrics", "GET /api/studies",
                "POST /api/studies/:studyUid/complete", "POST /api/jobs/:jobId/retry", "POST /api/config/reload",
                "POST /api/tokens", "DELETE /api/tokens/:name", "POST /api/routes/explain", "GET /api/health",
                "POST /dicomweb/studies", "POST /dicomweb/studies/:studyUid")),
                "walked: " + checked);
    }

    @Test
    void theRolesOfTheFlowAreTheOnesTheIssueNames() {
        Map<String, Role> roles = new java.util.HashMap<>();
        for (Route route : api.api.router().getRoutes()) {
            if (route.getPath() != null && route.getMetadata(ApiRoutes.ROLE) instanceof Role role) {
                route.methods().forEach(m -> roles.put(m + " " + route.getPath(), role));
            }
        }
        assertEquals(Role.OPERATOR, roles.get("POST /api/jobs/:jobId/retry"));
        assertEquals(Role.OPERATOR, roles.get("POST /api/studies/:studyUid/complete"));
        assertEquals(Role.ADMIN, roles.get("POST /api/config/reload"));
        assertEquals(Role.ADMIN, roles.get("GET /api/tokens"));
        assertEquals(Role.VIEWER, roles.get("GET /api/studies/:studyUid"));
        // issue 12: only a reviewer decides, and reads the held results with their identity
        assertEquals(Role.REVIEWER, roles.get("GET /api/reviews"));
        assertEquals(Role.REVIEWER, roles.get("POST /api/reviews/:id"));
        // results come back from vendors, and only vendors store them
        assertEquals(Role.VENDOR, roles.get("POST /dicomweb/studies"));
        assertEquals(Role.VENDOR, roles.get("POST /dicomweb/studies/:studyUid"));
    }

    @Test
    void aVendorTokenStoresResultsAndReadsNothing() throws Exception {
        String vendor = api.token(Role.VENDOR);
        assertEquals(403, api.get("/api/studies", vendor).statusCode());
        assertEquals(403, api.get("/api/jobs", vendor).statusCode());
        assertEquals(403, api.get("/api/health", vendor).statusCode());
        assertEquals(403, api.send(HttpRequest.newBuilder(api.uri("/dicomweb/studies"))
                .POST(HttpRequest.BodyPublishers.noBody()), api.token(Role.ADMIN)).statusCode(), "not even an admin");
    }

    @Test
    void aRouteThatDeclaresNoRoleIsRefusedBeforeAnythingIsServed() {
        Router router = api.api.router();
        ApiRoutes.checkEveryRouteDeclared(router);
        router.get("/api/added-around-the-rules").handler(ctx -> ctx.end("anyone may read this"));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ApiRoutes.checkEveryRouteDeclared(router));
        assertTrue(refused.getMessage().contains("/api/added-around-the-rules"), refused.getMessage());
    }

    @Test
    void unknownEndpointIs401WithoutATokenAnd404WithOne() throws Exception {
        assertEquals(401, api.get("/api/nothing-here", null).statusCode());
        assertEquals(401, api.get("/nothing-here", null).statusCode());
        // the web UI's page is open by design (a browser loads it before logging in); it holds no data
        // and only its own origin may serve scripts to it
        HttpResponse<String> page = api.get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertFalse(page.body().contains(ApiFixture.PATIENT_ID), "the page holds no data");
        assertEquals(401, api.get("/ui/no-such-file.js", null).statusCode(), "an unknown UI file falls to the default");
        assertEquals(404, api.get("/api/nothing-here", api.token(Role.VIEWER)).statusCode());
        // a declared path with a method it does not have is not a way around its role
        assertEquals(401, api.send(HttpRequest.newBuilder(api.uri("/api/config/reload")).GET(), null).statusCode());
    }

    @Test
    void tokensAreStoredAsHashesOfTheirSecretsOnly() throws Exception {
        String secret = api.tokens.create("hash-check", Role.OPERATOR, "test");

        assertTrue(TokenSecret.looksLikeOne(secret), secret);
        try (Connection c = api.journal.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM api_tokens WHERE name = 'hash-check'")) {
            assertTrue(rs.next());
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String value = rs.getString(i);
                assertFalse(value != null && value.contains(secret.substring(TokenSecret.PREFIX.length())),
                        rs.getMetaData().getColumnName(i) + " holds the secret");
            }
            assertEquals(TokenSecret.hash(secret), rs.getString("secret_sha256").trim());
        }
        assertEquals(200, api.get("/api/studies", secret).statusCode());
    }

    @Test
    void adminCreatesListsAndRevokesTokensThroughTheApi() throws Exception {
        String admin = api.token(Role.ADMIN);

        HttpResponse<String> created = api.post("/api/tokens", admin, "{\"name\": \"pacs-dashboard\", \"role\": \"viewer\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(""));
        String secret = new JsonObject(created.body()).getString("secret");
        assertEquals(409, api.post("/api/tokens", admin, "{\"name\": \"pacs-dashboard\", \"role\": \"admin\"}").statusCode());
        assertEquals(400, api.post("/api/tokens", admin, "{\"name\": \"x\", \"role\": \"root\"}").statusCode());

        HttpResponse<String> list = api.get("/api/tokens", admin);
        assertFalse(list.body().contains(secret), list.body());
        assertFalse(list.body().contains(TokenSecret.hash(secret)), list.body());
        JsonObject listed = new JsonArray(list.body()).stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("name").equals("pacs-dashboard")).findFirst().orElseThrow();
        assertEquals("viewer", listed.getString("role"));
        assertTrue(listed.getString("createdBy").contains("token admin-"), listed.encode());

        assertEquals(200, api.get("/api/studies", secret).statusCode());
        assertEquals(403, api.post("/api/studies/" + ApiFixture.STUDY + "/complete", secret, "").statusCode());
        assertEquals(204, api.delete("/api/tokens/pacs-dashboard", admin).statusCode());
        assertEquals(401, api.get("/api/studies", secret).statusCode());
        assertEquals(404, api.delete("/api/tokens/pacs-dashboard", admin).statusCode());
    }

    @Test
    void demoTokenIsRefusedWithAnErrorLogUnlessTheDemoRuns() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Authenticator.class);
        log.start();
        logger.addAppender(log);
        try {
            assertEquals(401, api.get("/api/studies", DemoToken.SECRET).statusCode());
            assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().contains("demo token was presented and refused")), log.list.toString());
        } finally {
            logger.detachAppender(log);
        }

        api.start(api.config.http().withDemoToken());
        assertEquals(200, api.get("/api/studies", DemoToken.SECRET).statusCode());
        assertEquals(200, api.get("/api/tokens", DemoToken.SECRET).statusCode(), "the demo caller is an admin");
    }

    private HttpResponse<String> call(HttpMethod method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path));
        if (method == HttpMethod.POST) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method.name(), HttpRequest.BodyPublishers.noBody());
        }
        // the walk probes every route with made-up ids and an empty body: what an allowed role gets back
        // is whatever that nonsense earns; the refusals (401, 403) are what it checks, and those must
        // be as the document says
        HttpResponse<String> answer = api.sendUnchecked(request, token);
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            OpenApiSchemas.assertDocumented(method.name(), path, answer);
        }
        return answer;
    }
}
