package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.Role;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.RouteMode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/jobs/{id}/discard}: an operator gives a dead letter up for good, with a reason the job keeps. */
class JobDiscardApiTest {
    @TempDir
    Path tmp;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(tmp).start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private Job deadLetter(String algorithm) {
        Job job = api.jobs.create(new NewJob(ApiFixture.STUDY, algorithm, "ct", RouteMode.CLINICAL, 1, List.of("1.2.3.100"), 1));
        api.jobs.claim("node-a", Duration.ofMinutes(1), 10, Instant.now().plusSeconds(1));
        api.jobs.transition(job.id(), "node-a", JobState.PENDING, JobState.DISPATCHING, "dispatching");
        Job dead = api.jobs.fail(job.id(), "node-a", JobState.DISPATCHING, "unreachable: nobody listens");
        assertEquals(JobState.DEAD_LETTER, dead.state());
        return dead;
    }

    private HttpResponse<String> discard(String jobId, Role role, String body) throws Exception {
        return api.post("/api/jobs/" + jobId + "/discard", api.token(role), body);
    }

    @Test
    void anOperatorDiscardsADeadLetterAndItsHistorySaysWhoAndWhy() throws Exception {
        Job dead = deadLetter("lung-nodules");

        HttpResponse<String> answer = discard(dead.id(), Role.OPERATOR, "{\"reason\": \"vendor retired the product\"}");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("DISCARDED", new JsonObject(answer.body()).getString("state"));
        assertEquals(JobState.DISCARDED, api.jobs.get(dead.id()).orElseThrow().state());
        JsonArray events = new JsonObject(api.get("/api/jobs/" + dead.id(), api.token(Role.VIEWER)).body())
                .getJsonArray("events");
        JsonObject last = events.getJsonObject(events.size() - 1);
        assertEquals("DEAD_LETTER", last.getString("from"));
        assertEquals("DISCARDED", last.getString("to"));
        assertTrue(last.getString("detail").startsWith("discarded by token operator-")
                && last.getString("detail").endsWith(": vendor retired the product"), last.getString("detail"));
        assertEquals(409, discard(dead.id(), Role.OPERATOR, "{\"reason\": \"again\"}").statusCode(), "final: not twice");
        assertEquals(409, api.post("/api/jobs/" + dead.id() + "/retry", api.token(Role.OPERATOR), "").statusCode(),
                "a discarded job is not replayed");
    }

    @Test
    void aViewerMayNotDiscardAndTheJobStaysADeadLetter() throws Exception {
        Job dead = deadLetter("emphysema");

        assertEquals(403, discard(dead.id(), Role.VIEWER, "{\"reason\": \"x\"}").statusCode());
        assertEquals(401, api.post("/api/jobs/" + dead.id() + "/discard", null, "{\"reason\": \"x\"}").statusCode());

        assertEquals(JobState.DEAD_LETTER, api.jobs.get(dead.id()).orElseThrow().state());
    }

    @Test
    void aDiscardNeedsAReasonAndADeadLetter() throws Exception {
        Job dead = deadLetter("rib-fractures");

        assertEquals(400, discard(dead.id(), Role.OPERATOR, "{}").statusCode());
        assertEquals(400, discard(dead.id(), Role.OPERATOR, "{\"reason\": \"  \"}").statusCode());
        assertEquals(400, discard(dead.id(), Role.OPERATOR, "{\"reason\": \"" + "x".repeat(501) + "\"}").statusCode());
        assertEquals(400, discard(dead.id(), Role.OPERATOR, "not json").statusCode());
        assertEquals(404, discard("no-such-job", Role.OPERATOR, "{\"reason\": \"x\"}").statusCode());
        Job pending = api.jobs.create(new NewJob(ApiFixture.STUDY, "other", "ct", RouteMode.CLINICAL, 1, List.of("1.2.3.100"), 3));
        HttpResponse<String> notDead = discard(pending.id(), Role.OPERATOR, "{\"reason\": \"x\"}");
        assertEquals(409, notDead.statusCode());
        assertTrue(notDead.body().contains("only a DEAD_LETTER job can be discarded"), notDead.body());
        assertEquals(JobState.DEAD_LETTER, api.jobs.get(dead.id()).orElseThrow().state());
    }
}
