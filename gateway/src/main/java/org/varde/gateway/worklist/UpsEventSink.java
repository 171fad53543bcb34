package org.varde.gateway.worklist;

/**
 * Where the worklist hands an event report for one subscriber: the subscriber's event channel (a
 * WebSocket) when it has one open. Never blocks, never throws: PS3.4 CC.2.4.3 puts no obligation to
 * queue or retry a report a subscriber could not take.
 */
@FunctionalInterface
public interface UpsEventSink {
    UpsEventSink NONE = (to, event) -> { };

    void deliver(Subscriber to, UpsEvent event);
}
