package org.varde.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.sink.HumanReview;
import org.varde.gateway.access.Role;
import org.varde.gateway.review.Review;
import org.varde.gateway.review.ReviewOutlet;
import org.varde.gateway.review.ReviewStore;
import org.varde.gateway.routing.ReviewPolicy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The reviewer's API against the running HTTP server: who may, what they see, what each decision does. */
class ReviewsApiTest {
    @TempDir
    Path tmp;
    private ApiFixture api;
    private final List<String> handedOn = new ArrayList<>();
    private final List<HumanReview> humans = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiFixture(tmp).start();
        api.reviews.outlet(new ReviewOutlet() {
            @Override
            public void deliver(Review review, HumanReview human, Optional<Review.PriorityChoice> priority) {
                handedOn.add("deliver " + review.resultId() + priority.map(p -> " " + p.priority()).orElse(""));
                humans.add(human);
            }

            @Override
            public void reject(Review review) {
                handedOn.add("reject " + review.resultId());
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        api.close();
    }

    private Review hold(String result) {
        return api.reviews.hold(new ReviewStore.Hold(result, "job-" + result, ApiFixture.STUDY, "lung-nodule", "ct-thorax",
                new ReviewPolicy(true, Duration.ofMinutes(30), ReviewPolicy.OnTimeout.HOLD, "Varde University Hospital")));
    }

    @Test
    void aReviewerSeesPendingResultsWithThePatientsIdentityAndNoOtherRoleSeesThem() throws Exception {
        Review r = hold("r1");
        String reviewer = api.token(Role.REVIEWER);
        HttpResponse<String> answer = api.get("/api/reviews?state=pending", reviewer);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonArray list = new JsonArray(answer.body());
        assertEquals(1, list.size());
        JsonObject one = list.getJsonObject(0);
        assertEquals(r.id(), one.getString("id"));
        assertEquals("PENDING", one.getString("state"));
        assertEquals(false, one.getBoolean("overdue"));
        assertEquals(ApiFixture.PATIENT_NAME, one.getJsonObject("study").getString("patientName"));
        assertEquals(ApiFixture.ACCESSION, one.getJsonObject("study").getString("accessionNumber"));
        // review is a clinical act: operators and admins may not, viewers may not
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN)) {
            assertEquals(403, api.get("/api/reviews", api.token(role)).statusCode(), role.word());
            assertEquals(403, api.post("/api/reviews/" + r.id(), api.token(role), "{\"decision\": \"approve\"}")
                    .statusCode(), role.word());
        }
        assertEquals(List.of(), handedOn);
    }

    @Test
    void anApprovalWithAPriorityIsHandedOnOnceAndASecondDecisionIsAConflict() throws Exception {
        Review r = hold("r2");
        String reviewer = api.token(Role.REVIEWER);
        HttpResponse<String> approved = api.post("/api/reviews/" + r.id(), reviewer,
                "{\"decision\": \"approve\", \"priority\": \"stat\"}");
        assertEquals(200, approved.statusCode(), approved.body());
        JsonObject body = new JsonObject(approved.body());
        assertEquals("APPROVED", body.getString("state"));
        assertTrue(body.getString("reviewer").startsWith("reviewer-"), body.encode());
        assertEquals("stat", body.getString("priority"));
        assertTrue(body.getString("handedOverAt") != null, body.encode());
        assertTrue(body.getJsonArray("history").size() >= 3, body.encode());
        assertEquals(List.of("deliver r2 Optional[STAT]"), handedOn);
        assertEquals(body.getString("reviewer"), humans.get(0).reviewer());
        HttpResponse<String> again = api.post("/api/reviews/" + r.id(), api.token(Role.REVIEWER),
                "{\"decision\": \"reject\", \"reason\": \"late\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(1, handedOn.size());
        assertEquals(0, new JsonArray(api.get("/api/reviews?state=pending", reviewer).body()).size());
        assertEquals(1, new JsonArray(api.get("/api/reviews?state=approved", reviewer).body()).size());
    }

    @Test
    void badDecisionsAreRefusedWithTheReasonAndChangeNothing() throws Exception {
        Review r = hold("r3");
        String reviewer = api.token(Role.REVIEWER);
        assertEquals(400, api.post("/api/reviews/" + r.id(), reviewer, "{\"decision\": \"reject\"}").statusCode());
        assertEquals(400, api.post("/api/reviews/" + r.id(), reviewer, "{\"decision\": \"maybe\"}").statusCode());
        assertEquals(400, api.post("/api/reviews/" + r.id(), reviewer, "{\"decision\": \"approve\", \"priority\": \"now\"}")
                .statusCode());
        assertEquals(400, api.post("/api/reviews/" + r.id(), reviewer, "{\"decision\": \"defer\", \"priority\": \"stat\"}")
                .statusCode());
        assertEquals(400, api.post("/api/reviews/" + r.id(), reviewer, "not json").statusCode());
        assertEquals(404, api.post("/api/reviews/no-such-id", reviewer, "{\"decision\": \"approve\"}").statusCode());
        assertEquals(400, api.get("/api/reviews?state=maybe", reviewer).statusCode());
        assertEquals("PENDING", new JsonObject(api.get("/api/reviews/" + r.id(), reviewer).body()).getString("state"));
        assertEquals(List.of(), handedOn);
    }

    @Test
    void aRejectionIsHandedOnAsNothingToDeliverAndOnlyItsReviewerCouldHaveUndoneADeferral() throws Exception {
        Review r = hold("r4");
        String first = api.token(Role.REVIEWER);
        String second = api.token(Role.REVIEWER);
        assertEquals(200, api.post("/api/reviews/" + r.id(), first, "{\"decision\": \"defer\", \"reason\": \"prior CT\"}")
                .statusCode());
        assertEquals(409, api.post("/api/reviews/" + r.id(), second, "{\"decision\": \"undo\"}").statusCode());
        assertEquals(200, api.post("/api/reviews/" + r.id(), first, "{\"decision\": \"undo\"}").statusCode());
        HttpResponse<String> rejected = api.post("/api/reviews/" + r.id(), second,
                "{\"decision\": \"reject\", \"reason\": \"the nodule is a vessel\"}");
        assertEquals(200, rejected.statusCode(), rejected.body());
        assertEquals("the nodule is a vessel", new JsonObject(rejected.body()).getString("reason"));
        assertEquals(List.of("reject r4"), handedOn);
    }
}
