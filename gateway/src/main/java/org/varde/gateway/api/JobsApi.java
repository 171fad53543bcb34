package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.jobs.IllegalTransitionException;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.jobs.UnknownJobException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /api/jobs}: list by state, one job with its events, and the operator's replay of a
 * dead-lettered job. The store blocks, so every call runs on a worker.
 */
final class JobsApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final long MAX_DISCARD_BODY_BYTES = 4096;
    static final int MAX_REASON_CHARS = 500;
    private static final String VALID_STATES = Arrays.stream(JobState.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final Vertx vertx;
    private final JobStore jobs;
    private final ResultQueries results;

    JobsApi(Vertx vertx, JobStore jobs, ResultQueries results) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.results = results;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/jobs", Role.VIEWER, this::list);
        routes.get("/api/jobs/:jobId", Role.VIEWER, this::one);
        routes.post("/api/jobs/:jobId/retry", Role.OPERATOR, this::retry);
        routes.postWithBody("/api/jobs/:jobId/discard", Role.OPERATOR, MAX_DISCARD_BODY_BYTES, this::discard);
    }

    private void list(RoutingContext ctx) {
        List<JobState> states;
        int limit;
        try {
            states = states(ctx.queryParams().getAll("state"));
            limit = limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> find(states, limit), false).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            JsonArray list = new JsonArray();
            result.result().forEach(j -> list.add(JobJson.job(j)));
            Responses.json(ctx, list.encode());
        });
    }

    /** No {@code state} means every state; several may be given ({@code ?state=PENDING&state=FAILED}). */
    private static List<JobState> states(List<String> words) {
        if (words.isEmpty()) {
            return List.of(JobState.values());
        }
        List<JobState> states = new ArrayList<>();
        for (String word : words) {
            try {
                states.add(JobState.valueOf(word.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown state \"" + word + "\"; valid states: " + VALID_STATES);
            }
        }
        return states;
    }

    static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below with the valid range
        }
        throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was \"" + text + "\"");
    }

    private List<Job> find(List<JobState> states, int limit) {
        List<Job> found = new ArrayList<>();
        for (JobState state : states) {
            if (found.size() < limit) {
                found.addAll(jobs.find(state, limit - found.size()));
            }
        }
        return found;
    }

    private void one(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobId");
        vertx.executeBlocking(() -> jobs.get(jobId).map(j -> JobJson.withResults(JobJson.job(j, jobs.events(j.id())),
                        results.forJob(j.id()), results.objects(j.id()))), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        Responses.fail(ctx, result.cause());
                    } else if (result.result().isEmpty()) {
                        Responses.error(ctx, 404, "unknown job");
                    } else {
                        Responses.json(ctx, result.result().get().encode());
                    }
                });
    }

    /** PENDING again, attempts reset, due now: only from DEAD_LETTER, where the dispatcher gave up. */
    private void retry(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobId");
        String actor = Authenticator.caller(ctx).describe();
        vertx.executeBlocking(() -> replay(jobId, actor), false).onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, JobJson.job(result.result()));
            } else if (result.cause() instanceof UnknownJobException) {
                Responses.error(ctx, 404, "unknown job");
            } else if (result.cause() instanceof NotReplayable
                    || result.cause() instanceof IllegalTransitionException) {
                Responses.error(ctx, 409, result.cause().getMessage());
            } else {
                Responses.fail(ctx, result.cause());
            }
        });
    }

    /**
     * A dead letter given up for good, with the operator's reason: DISCARDED, final; who and why in
     * the job's history. Body {@code {"reason": "..."}} (1..500 characters).
     */
    private void discard(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobId");
        JsonObject body = BoundedBody.json(ctx);
        Object reason = body == null ? null : body.getValue("reason");
        if (!(reason instanceof String text) || text.isBlank() || text.length() > MAX_REASON_CHARS) {
            Responses.error(ctx, 400, "body must be {\"reason\": \"...\"} with a reason of 1 to "
                    + MAX_REASON_CHARS + " characters");
            return;
        }
        String actor = Authenticator.caller(ctx).describe();
        vertx.executeBlocking(() -> jobs.discard(jobId, actor, text.strip()), false).onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, JobJson.job(result.result()));
            } else if (result.cause() instanceof UnknownJobException) {
                Responses.error(ctx, 404, "unknown job");
            } else if (result.cause() instanceof IllegalTransitionException e) {
                Responses.error(ctx, 409, "job is " + e.from() + "; only a DEAD_LETTER job can be discarded");
            } else {
                Responses.fail(ctx, result.cause());
            }
        });
    }

    private Job replay(String jobId, String actor) {
        Optional<Job> job = jobs.get(jobId);
        if (job.isEmpty()) {
            throw new UnknownJobException(jobId);
        }
        // a QUARANTINED job is replayed once the catalogue approves the version its vendor now runs
        if (job.get().state() != JobState.DEAD_LETTER && job.get().state() != JobState.QUARANTINED) {
            throw new NotReplayable("job is " + job.get().state()
                    + "; only a DEAD_LETTER or QUARANTINED job can be retried");
        }
        // the store checks the state again in its transaction: a second operator racing us gets 409 too
        return jobs.retry(jobId, actor);
    }

    private static final class NotReplayable extends RuntimeException {
        NotReplayable(String message) {
            super(message, null, false, false);
        }
    }
}
