package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.UID;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.worklist.ProcedureStepState;
import org.varde.gateway.worklist.StateChangeRefused;
import org.varde.gateway.worklist.Workitem;
import org.varde.gateway.worklist.WorkitemJson;
import org.varde.gateway.worklist.Worklist;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Varde's UPS-RS worklist (PS3.18 11, IHE AIW-I Task Manager) for pull-model vendors:
 * <ul>
 *   <li>{@code GET /workitems?...} Search (11.9): the caller's own workitems, matched on Procedure Step
 *       State (0074,1000) and Study Instance UID (0020,000D); 200 with a DICOM JSON array, 204 none;</li>
 *   <li>{@code GET /workitems/{uid}} Retrieve (11.5): one of the caller's, else 404;</li>
 *   <li>{@code PUT /workitems/{uid}/state} Change State (11.7): claim (IN PROGRESS with a new Transaction
 *       UID), COMPLETED or CANCELED with that UID; 400 when it is missing or wrong or the state machine
 *       has no such edge, 409 on a conflict with the state (Table 11.7.3-1);</li>
 *   <li>{@code POST /workitems/{uid}/cancelrequest} Request Cancellation (11.8), for an operator; 202.</li>
 * </ul>
 * A vendor token's name is the algorithm whose workitems it performs: it sees and moves nothing else
 * (another vendor's workitem is answered as unknown). Why a request failed is in a
 * {@code Warning: 299} header (PS3.18 8.4.4) and the JSON error body.
 */
final class UpsRsApi {
    private static final Logger LOG = LoggerFactory.getLogger(UpsRsApi.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_REASON_CHARS = 1024;
    private static final String TRANSACTION_UID = "00081195";
    private static final String STATE = "00741000";
    private static final String REASON = "00741238";
    private static final String CONTACT = "0074100C";
    private static final Set<String> IGNORED_PARAMETERS = Set.of("includefield", "fuzzymatching");

    private final Vertx vertx;
    private final Worklist worklist;
    private final Function<String, List<org.varde.gateway.worklist.OutputObject>> outputs;

    UpsRsApi(Vertx vertx, Worklist worklist, Function<String, List<org.varde.gateway.worklist.OutputObject>> outputs) {
        this.vertx = vertx;
        this.worklist = worklist;
        this.outputs = outputs;
    }

    void mount(ApiRoutes routes) {
        routes.get("/workitems", Role.VENDOR, this::search);
        routes.get("/workitems/:uid", Role.VENDOR, this::retrieve);
        routes.putWithBody("/workitems/:uid/state", Role.VENDOR, MAX_BODY_BYTES, this::changeState);
        routes.postWithBody("/workitems/:uid/cancelrequest", Role.OPERATOR, MAX_BODY_BYTES, this::cancelRequest);
    }

    private void search(RoutingContext ctx) {
        if (!acceptsDicomJson(ctx)) {
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        ProcedureStepState state = null;
        String study = null;
        int limit = DEFAULT_LIMIT;
        int offset = 0;
        boolean fuzzy = false;
        try {
            for (Map.Entry<String, String> p : ctx.queryParams()) {
                String key = p.getKey();
                String value = p.getValue();
                switch (key) {
                    case "ProcedureStepState", STATE -> state = ProcedureStepState.fromWord(value)
                            .orElseThrow(() -> new IllegalArgumentException("ProcedureStepState must be SCHEDULED, "
                                    + "IN PROGRESS, COMPLETED or CANCELED"));
                    case "StudyInstanceUID", "0020000D" -> {
                        if (!UID.isSafe(value)) {
                            throw new IllegalArgumentException("StudyInstanceUID is not a valid UID");
                        }
                        study = value;
                    }
                    case "limit" -> limit = number(key, value, 1, MAX_LIMIT);
                    case "offset" -> offset = number(key, value, 0, Integer.MAX_VALUE);
                    default -> {
                        if (!IGNORED_PARAMETERS.contains(key)) {
                            throw new IllegalArgumentException("matching on " + key + " is not supported; "
                                    + "match on ProcedureStepState or StudyInstanceUID");
                        }
                        fuzzy |= key.equals("fuzzymatching") && "true".equals(value);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, e.getMessage());
            return;
        }
        ProcedureStepState wanted = state;
        String studyUid = study;
        int first = offset;
        int count = limit;
        boolean warnFuzzy = fuzzy;
        vertx.executeBlocking(() -> {
            JsonArray found = new JsonArray();
            for (Workitem w : worklist.store().search(caller.name(), wanted, studyUid, first, count)) {
                found.add(json(w));
            }
            return found;
        }, false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
                return;
            }
            if (warnFuzzy) {
                // PS3.18 8.3.4.1: an origin server that does not support fuzzy matching says so
                warn(ctx, "The fuzzymatching parameter is not supported. Only literal matching has been performed.");
            }
            if (done.result().isEmpty()) {
                ctx.response().setStatusCode(204).end();
                return;
            }
            dicomJson(ctx, 200, done.result().encode());
        });
    }

    private void retrieve(RoutingContext ctx) {
        String uid = uid(ctx);
        if (uid == null || !acceptsDicomJson(ctx)) {
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> {
            try {
                return Optional.of(json(worklist.ownWorkitem(caller.name(), uid)));
            } catch (StateChangeRefused e) {
                return Optional.<JsonObject>empty();
            }
        }, false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
            } else if (done.result().isEmpty()) {
                refuse(ctx, 404, "no workitem " + uid);
            } else {
                dicomJson(ctx, 200, new JsonArray().add(done.result().get()).encode());
            }
        });
    }

    private void changeState(RoutingContext ctx) {
        String uid = uid(ctx);
        if (uid == null) {
            return;
        }
        JsonObject body = dataSet(BoundedBody.raw(ctx));
        if (body == null) {
            refuse(ctx, 400, "the body must be one DICOM JSON data set (application/dicom+json)");
            return;
        }
        String word = string(body, STATE);
        Optional<ProcedureStepState> to = word == null ? Optional.empty() : ProcedureStepState.fromWord(word);
        if (to.isEmpty()) {
            refuse(ctx, 400, "Procedure Step State (0074,1000) must be IN PROGRESS, COMPLETED or CANCELED");
            return;
        }
        String transaction = string(body, TRANSACTION_UID);
        String reason = bounded(string(body, REASON));
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> worklist.changeState(caller.name(), uid, to.get(), transaction, reason), false)
                .onComplete(done -> {
                    if (done.failed()) {
                        answerFailure(ctx, done.cause());
                        return;
                    }
                    done.result().ifPresent(w -> warn(ctx, w));
                    ctx.response().setStatusCode(200).end();
                });
    }

    private void cancelRequest(RoutingContext ctx) {
        String uid = uid(ctx);
        if (uid == null) {
            return;
        }
        Buffer raw = BoundedBody.raw(ctx);
        JsonObject body = raw.length() == 0 ? new JsonObject() : dataSet(raw);
        if (body == null) {
            refuse(ctx, 400, "the body, when present, must be one DICOM JSON data set");
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        String reason = bounded("requested by " + caller.name() + Optional.ofNullable(string(body, REASON))
                .map(r -> ": " + r).orElse("") + Optional.ofNullable(string(body, CONTACT))
                .map(c -> " (contact " + c + ")").orElse(""));
        String contact = bounded(string(body, CONTACT));
        vertx.executeBlocking(() -> worklist.requestCancel(uid, reason, contact), false).onComplete(done -> {
            if (done.failed()) {
                answerFailure(ctx, done.cause());
                return;
            }
            done.result().ifPresent(w -> warn(ctx, w));
            LOG.info("workitem {}: cancellation {}", uid, reason);
            ctx.response().setStatusCode(202).end();
        });
    }

    private JsonObject json(Workitem w) {
        return WorkitemJson.of(w, worklist.store().input(w.uid()),
                w.state().isFinal() ? outputs.apply(w.jobId()) : List.of());
    }

    private void answerFailure(RoutingContext ctx, Throwable cause) {
        if (cause instanceof StateChangeRefused refused) {
            refuse(ctx, refused.status(), refused.getMessage());
        } else {
            Responses.fail(ctx, cause);
        }
    }

    /** The error in a Warning header (PS3.18 11.7.3.2, 11.8.3.2) and the API's JSON body. */
    private static void refuse(RoutingContext ctx, int status, String why) {
        warn(ctx, why);
        Responses.error(ctx, status, why);
    }

    private static void warn(RoutingContext ctx, String words) {
        ctx.response().headers().add("Warning", "299 varde: " + words.replaceAll("[\\p{Cntrl}]", " "));
    }

    private static void dicomJson(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/dicom+json").end(body);
    }

    /** The workitem UID of the path, or null after answering 400. */
    private static String uid(RoutingContext ctx) {
        String uid = ctx.pathParam("uid");
        if (!UID.isSafe(uid)) {
            refuse(ctx, 400, "not a valid workitem UID");
            return null;
        }
        return uid;
    }

    /** PS3.18 8.7.3: the DICOM JSON model, or JSON, or anything; else 406. */
    private static boolean acceptsDicomJson(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        if (lower.contains("application/dicom+json") || lower.contains("application/json") || lower.contains("*/*")) {
            return true;
        }
        refuse(ctx, 406, "workitems are served as application/dicom+json");
        return false;
    }

    /** One data set: a JSON object, or an array holding exactly one (the DICOM JSON model's top level). */
    private static JsonObject dataSet(Buffer body) {
        try {
            Object value = Json.decodeValue(body);
            if (value instanceof JsonArray array && array.size() == 1 && array.getValue(0) instanceof JsonObject o) {
                return o;
            }
            return value instanceof JsonObject o ? o : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    /** The first value of a text element, or null. */
    private static String string(JsonObject dataSet, String tag) {
        JsonObject element = dataSet.getValue(tag) instanceof JsonObject e ? e : null;
        if (element == null || !(element.getValue("Value") instanceof JsonArray values) || values.isEmpty()) {
            return null;
        }
        Object first = values.getValue(0);
        return first instanceof String s ? s.strip() : null;
    }

    private static String bounded(String text) {
        return text == null || text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS);
    }

    private static int number(String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number");
        }
    }
}
