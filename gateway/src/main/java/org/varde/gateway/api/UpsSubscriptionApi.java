package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.UID;
import org.varde.gateway.access.Role;
import org.varde.gateway.worklist.ProcedureStepState;
import org.varde.gateway.worklist.StateChangeRefused;
import org.varde.gateway.worklist.Subscriber;
import org.varde.gateway.worklist.SubscriptionFilter;
import org.varde.gateway.worklist.Subscriptions;

import java.util.List;

/**
 * UPS-RS subscriptions (PS3.18 11.10-11.12) of a vendor token to its own workitems:
 * <ul>
 *   <li>{@code POST /workitems/{uid}/subscribers/{aetitle}{?deletionlock}} Subscribe: 201 with the event
 *       channel's URL in {@code Content-Location} (ws or wss, same host and port); 404 for a workitem not
 *       the caller's; {@code uid} may be the Worklist (1.2.840.10008.5.1.4.34.5) or the Filtered Worklist
 *       (…34.5.1, with {@code filter=ProcedureStepState=…,StudyInstanceUID=…});</li>
 *   <li>{@code DELETE} the same: Unsubscribe, 200 or 404;</li>
 *   <li>{@code POST …/subscribers/{aetitle}/suspend} Suspend Global Subscription, 200 or 404.</li>
 * </ul>
 * The event channel itself is {@link UpsEventChannels}. Errors in a {@code Warning: 299} header and the body.
 */
final class UpsSubscriptionApi {
    private static final Logger LOG = LoggerFactory.getLogger(UpsSubscriptionApi.class);
    private static final int MAX_FILTER_CHARS = 512;

    private final Vertx vertx;
    private final Subscriptions subscriptions;

    UpsSubscriptionApi(Vertx vertx, Subscriptions subscriptions) {
        this.vertx = vertx;
        this.subscriptions = subscriptions;
    }

    void mount(ApiRoutes routes) {
        routes.post("/workitems/:uid/subscribers/:aetitle", Role.VENDOR, this::subscribe);
        routes.delete("/workitems/:uid/subscribers/:aetitle", Role.VENDOR, this::unsubscribe);
        routes.post("/workitems/:uid/subscribers/:aetitle/suspend", Role.VENDOR, this::suspend);
    }

    private void subscribe(RoutingContext ctx) {
        Subscriber s = subscriber(ctx);
        String target = target(ctx);
        if (s == null || target == null) {
            return;
        }
        boolean lock;
        SubscriptionFilter filter;
        try {
            lock = deletionLock(ctx.queryParams().get("deletionlock"));
            filter = filter(ctx.queryParams().get("filter"));
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> {
            subscriptions.subscribe(s, target, lock, filter);
            return null;
        }, false).onComplete(done -> {
            if (done.failed()) {
                answerFailure(ctx, done.cause());
                return;
            }
            LOG.info("{} of {} subscribed to {}{}", s.aeTitle(), s.owner(), target, lock ? " with a deletion lock" : "");
            // PS3.18 Table 11.10.3-2: Content-Location is the WebSocket the events come on
            ctx.response().setStatusCode(201).putHeader("Content-Location", channelUrl(ctx, s.aeTitle())).end();
        });
    }

    private void unsubscribe(RoutingContext ctx) {
        Subscriber s = subscriber(ctx);
        String target = target(ctx);
        if (s == null || target == null) {
            return;
        }
        vertx.executeBlocking(() -> subscriptions.unsubscribe(s, target), false)
                .onComplete(done -> answer(ctx, done.failed() ? done.cause() : null, done.succeeded() && done.result()));
    }

    private void suspend(RoutingContext ctx) {
        Subscriber s = subscriber(ctx);
        String target = target(ctx);
        if (s == null || target == null) {
            return;
        }
        if (!Subscriptions.GLOBAL.equals(target) && !Subscriptions.FILTERED_GLOBAL.equals(target)) {
            refuse(ctx, 400, "only a Worklist or Filtered Worklist Subscription can be suspended");
            return;
        }
        vertx.executeBlocking(() -> subscriptions.suspend(s, target), false)
                .onComplete(done -> answer(ctx, done.failed() ? done.cause() : null, done.succeeded() && done.result()));
    }

    private static void answer(RoutingContext ctx, Throwable failure, boolean found) {
        if (failure != null) {
            answerFailure(ctx, failure);
        } else if (!found) {
            refuse(ctx, 404, "no such subscription");
        } else {
            ctx.response().setStatusCode(200).end();
        }
    }

    /** The event channel's URL on the host and port the caller reached (PS3.18 8.10.4). */
    static String channelUrl(RoutingContext ctx, String aeTitle) {
        String scheme = ctx.request().isSSL() ? "wss" : "ws";
        return scheme + "://" + ctx.request().authority() + "/subscribers/"
                + java.net.URLEncoder.encode(aeTitle, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The caller's AE Title of the path, or null after answering 400. */
    static Subscriber subscriber(RoutingContext ctx) {
        String ae = AeTitles.valid(ctx.pathParam("aetitle"));
        if (ae == null) {
            refuse(ctx, 400, "the AE Title must be 1 to 16 printable characters, no backslash");
            return null;
        }
        return new Subscriber(Authenticator.caller(ctx).name(), ae);
    }

    private static String target(RoutingContext ctx) {
        String uid = ctx.pathParam("uid");
        if (!UID.isSafe(uid)) {
            refuse(ctx, 400, "not a valid workitem UID");
            return null;
        }
        return uid;
    }

    private static boolean deletionLock(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("deletionlock must be true or false");
    }

    /** PS3.18 11.10.1.2: {@code filter=attribute=value,...}; Varde matches state and study, as its Search does. */
    static SubscriptionFilter filter(String value) {
        if (value == null) {
            return SubscriptionFilter.ANY;
        }
        if (value.isEmpty() || value.length() > MAX_FILTER_CHARS) {
            throw new IllegalArgumentException("filter must be 1 to " + MAX_FILTER_CHARS + " characters");
        }
        ProcedureStepState state = null;
        String study = null;
        for (String pair : List.of(value.split(","))) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            switch (key) {
                case "ProcedureStepState", "00741000" -> state = ProcedureStepState.fromWord(v)
                        .orElseThrow(() -> new IllegalArgumentException("ProcedureStepState must be SCHEDULED, "
                                + "IN PROGRESS, COMPLETED or CANCELED"));
                case "StudyInstanceUID", "0020000D" -> {
                    if (!UID.isSafe(v)) {
                        throw new IllegalArgumentException("StudyInstanceUID is not a valid UID");
                    }
                    study = v;
                }
                default -> throw new IllegalArgumentException("filtering on " + key + " is not supported; "
                        + "filter on ProcedureStepState or StudyInstanceUID");
            }
        }
        return new SubscriptionFilter(state, study);
    }

    private static void answerFailure(RoutingContext ctx, Throwable cause) {
        if (cause instanceof StateChangeRefused refused) {
            refuse(ctx, refused.status(), refused.getMessage());
        } else {
            Responses.fail(ctx, cause);
        }
    }

    static void refuse(RoutingContext ctx, int status, String why) {
        ctx.response().headers().add("Warning", "299 varde: " + why.replaceAll("[\\p{Cntrl}]", " "));
        Responses.error(ctx, status, why);
    }
}
