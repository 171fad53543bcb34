package org.varde.gateway.api;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.access.Role;
import org.varde.gateway.worklist.Subscriber;
import org.varde.gateway.worklist.UpsEvent;
import org.varde.gateway.worklist.UpsEventSink;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UPS-RS event channels (PS3.18 8.10.4 Open Notification Connection, 8.10.5 Send Event Report):
 * {@code GET /subscribers/{aetitle}} with the vendor's token upgrades to a WebSocket on which Varde sends
 * each event report for that AE Title as one text frame of DICOM JSON. One channel per subscriber: a new
 * one (the subscriber reconnecting) replaces the old. A report for a subscriber with no channel open on
 * this node, or whose channel cannot take more, is dropped (PS3.4 CC.2.4.3: no obligation to queue or
 * retry); the subscriber's Search finds what it missed. The first channel a subscriber opens after this
 * node started receives an SCP Status Change (RESTARTED, WARM START): its subscriptions were kept.
 */
final class UpsEventChannels implements UpsEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(UpsEventChannels.class);
    /** Message ID (0000,0110) is US: it wraps within 16 bits. */
    private static final int MESSAGE_IDS = 0x10000;

    private record Channel(ServerWebSocket socket, AtomicInteger messageIds) {
    }

    private final Map<Subscriber, Channel> open = new ConcurrentHashMap<>();
    private final Set<Subscriber> toldOfRestart = ConcurrentHashMap.newKeySet();

    void mount(ApiRoutes routes) {
        routes.get("/subscribers/:aetitle", Role.VENDOR, this::open);
    }

    private void open(RoutingContext ctx) {
        Subscriber s = UpsSubscriptionApi.subscriber(ctx);
        if (s == null) {
            return;
        }
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            UpsSubscriptionApi.refuse(ctx, 400, "the event channel is a WebSocket (Upgrade: websocket)");
            return;
        }
        ctx.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.info("{} of {}: event channel not opened: {}", s.aeTitle(), s.owner(), upgraded.cause().toString());
                return;
            }
            attach(s, upgraded.result());
        });
    }

    private void attach(Subscriber s, ServerWebSocket socket) {
        Channel channel = new Channel(socket, new AtomicInteger());
        Channel replaced = open.put(s, channel);
        if (replaced != null) {
            replaced.socket().close((short) 1000, "replaced by a new channel");
        }
        socket.closeHandler(v -> open.remove(s, channel));
        socket.exceptionHandler(e -> LOG.debug("{} of {}: event channel failed: {}", s.aeTitle(), s.owner(), e.toString()));
        LOG.info("{} of {}: event channel open", s.aeTitle(), s.owner());
        if (toldOfRestart.add(s)) {
            send(s, channel, UpsEvent.restarted());
        }
    }

    @Override
    public void deliver(Subscriber to, UpsEvent event) {
        Channel channel = open.get(to);
        if (channel == null) {
            return;
        }
        send(to, channel, event);
    }

    private static void send(Subscriber to, Channel channel, UpsEvent event) {
        if (channel.socket().writeQueueFull()) {
            LOG.warn("{} of {}: event channel is not reading; report {} of {} dropped", to.aeTitle(), to.owner(),
                    event.type(), event.instanceUid());
            return;
        }
        int messageId = Math.floorMod(channel.messageIds().incrementAndGet(), MESSAGE_IDS);
        channel.socket().writeTextMessage(event.json(messageId).encode()).onFailure(e ->
                LOG.debug("{} of {}: report not sent: {}", to.aeTitle(), to.owner(), e.toString()));
    }
}
