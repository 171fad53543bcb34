package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.testing.Poll;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit from the API's side: only an admin reads it; a caller shown patient identity, a token
 * created and the audit read are events naming the caller; a viewer's redacted read is not.
 */
class AuditApiTest {
    @TempDir
    Path tmp;
    ApiFixture api;
    AuditLog log;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(tmp);
        log = new AuditLog(api.journal.dataSource(), Clock.systemUTC(), "api-test", null);
        api.pipeline.auditLog = log;
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private List<AuditEvent> events(AuditAction action) throws Exception {
        return log.between(null, null, 1000).stream().filter(e -> e.entry().action() == action).toList();
    }

    private boolean eventually(AuditAction action, int count) {
        return Poll.until(Duration.ofSeconds(30), () -> {
            try {
                return events(action).size() >= count;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void onlyAnAdminReadsTheAuditAndTheReadIsAudited() throws Exception {
        assertEquals(401, api.get("/api/audit", null).statusCode());
        assertEquals(403, api.get("/api/audit", api.token(Role.VIEWER)).statusCode());
        assertEquals(403, api.get("/api/audit", api.token(Role.OPERATOR)).statusCode());
        assertEquals(403, api.get("/api/audit/verify", api.token(Role.OPERATOR)).statusCode());
        String admin = api.token(Role.ADMIN);
        HttpResponse<String> ok = api.get("/api/audit?from=2020-01-01&to=2999-01-01T00:00:00Z", admin);
        assertEquals(200, ok.statusCode(), ok.body());
        new JsonArray(ok.body());
        assertTrue(eventually(AuditAction.AUDIT_READ, 1));
        assertEquals(400, api.get("/api/audit?from=yesterday", admin).statusCode());
        assertEquals(400, api.get("/api/audit?from=2026-02-01&to=2026-01-01", admin).statusCode());
        assertEquals(400, api.get("/api/audit?limit=0", admin).statusCode());

        JsonObject verify = new JsonObject(api.get("/api/audit/verify", admin).body());
        assertEquals(true, verify.getBoolean("intact"), verify.encode());
    }

    @Test
    void anOperatorShownIdentityIsAnEventAViewerIsNot() throws Exception {
        String viewerName = "viewer-x";
        String viewer = api.tokens.create(viewerName, Role.VIEWER, "test");
        assertEquals(200, api.get("/api/studies/" + ApiFixture.STUDY, viewer).statusCode());
        String operator = api.tokens.create("dr-hansen", Role.OPERATOR, "test");
        assertEquals(200, api.get("/api/studies/" + ApiFixture.STUDY, operator).statusCode());
        assertTrue(eventually(AuditAction.IDENTITY_READ, 1));
        List<AuditEvent> reads = events(AuditAction.IDENTITY_READ);
        assertEquals(1, reads.size(), "the viewer saw no identity: " + reads);
        AuditEvent read = reads.get(0);
        assertEquals("dr-hansen", read.entry().actor().name());
        assertEquals("TOKEN", read.entry().actor().kind().name());
        assertEquals(ApiFixture.STUDY, read.entry().studyInstanceUid());
        assertEquals("GET /api/studies/" + ApiFixture.STUDY, read.entry().target());
    }

    @Test
    void aTokenCreatedThroughTheApiIsAnEventNamingWhoMadeIt() throws Exception {
        api.tokens.create("root", Role.ADMIN, "test");
        String admin = api.token(Role.ADMIN);
        HttpResponse<String> created = api.post("/api/tokens", admin, "{\"name\": \"ris\", \"role\": \"viewer\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(eventually(AuditAction.TOKEN_CREATED, 1));
        AuditEvent event = events(AuditAction.TOKEN_CREATED).get(0);
        assertTrue(event.entry().actor().name().startsWith("admin-"), event.entry().actor().name());
        assertEquals("token ris (viewer)", event.entry().detail());
        assertTrue(!event.entry().detail().contains(new JsonObject(created.body()).getString("secret")),
                "never the secret");
    }
}
