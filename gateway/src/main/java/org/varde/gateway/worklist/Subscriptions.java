package org.varde.gateway.worklist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Who hears about which workitem (PS3.4 CC.2.3, Table CC.2.3-2; PS3.18 11.10-11.12), and the fan-out of
 * event reports to them (CC.2.4.3). A subscriber only ever subscribes to its own vendor's workitems.
 * <ul>
 *   <li>a Workitem Subscription is one row, and sends the workitem's current state at once;</li>
 *   <li>a (Filtered) Worklist Subscription is a global row that subscribes the AE to each workitem
 *       created after it (that matches), and subscribes it now to every open one (that matches): all go
 *       to Subscribed; with a Deletion Lock each sends its current state (Table CC.2.3-2);</li>
 *   <li>Unsubscribe from the worklist removes the global row and every workitem row of the AE; Suspend
 *       removes only the global row.</li>
 * </ul>
 * Varde never deletes a workitem, so every Deletion Lock is granted and kept until the subscriber
 * unsubscribes. Blocking (JDBC).
 */
public final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    /** PS3.4 CC.3.1: the UPS Global Subscription SOP Instance. */
    public static final String GLOBAL = "1.2.840.10008.5.1.4.34.5";
    /** PS3.4 CC.3.1: the UPS Filtered Global Subscription SOP Instance. */
    public static final String FILTERED_GLOBAL = "1.2.840.10008.5.1.4.34.5.1";
    private static final int MAX_OPEN = 10_000;

    private final SubscriptionStore store;
    private final WorkitemStore workitems;
    private final Clock clock;
    private volatile UpsEventSink sink = UpsEventSink.NONE;

    public Subscriptions(SubscriptionStore store, WorkitemStore workitems, Clock clock) {
        this.store = store;
        this.workitems = workitems;
        this.clock = clock;
    }

    /** Where reports go from now on (the event channels of the HTTP side). */
    public void sendTo(UpsEventSink sink) {
        this.sink = sink;
    }

    public SubscriptionStore store() {
        return store;
    }

    /**
     * Subscribe (PS3.18 11.10). Blocking.
     *
     * @param target a workitem UID, {@link #GLOBAL} or {@link #FILTERED_GLOBAL}
     * @param filter the matching keys; only for {@link #FILTERED_GLOBAL}, which needs at least one
     * @throws StateChangeRefused 404 for a workitem that is not the subscriber's, 400 for a filter on the wrong target
     */
    public void subscribe(Subscriber s, String target, boolean deletionLock, SubscriptionFilter filter)
            throws StateChangeRefused {
        boolean filtered = FILTERED_GLOBAL.equals(target);
        if (filtered == filter.equals(SubscriptionFilter.ANY)) {
            throw new StateChangeRefused(400, filtered ? "a Filtered Worklist Subscription needs a filter"
                    : "only a Filtered Worklist Subscription (" + FILTERED_GLOBAL + ") takes a filter");
        }
        if (!GLOBAL.equals(target) && !filtered) {
            Workitem w = workitems.get(target).filter(x -> x.algorithmId().equals(s.owner()))
                    .orElseThrow(() -> new StateChangeRefused(404, "no workitem " + target));
            store.put(s, List.of(target), deletionLock, SubscriptionFilter.ANY, clock.instant());
            sink.deliver(s, UpsEvent.stateReport(w));
            return;
        }
        List<Workitem> open = open(s.owner(), filter);
        List<String> uids = new ArrayList<>(open.stream().map(Workitem::uid).toList());
        uids.add(target);
        store.put(s, uids, deletionLock, filter, clock.instant());
        LOG.info("{} of {} subscribed to the worklist{} ({} open workitems)", s.aeTitle(), s.owner(),
                filtered ? " with a filter" : "", open.size());
        if (deletionLock) {
            open.forEach(w -> sink.deliver(s, UpsEvent.stateReport(w)));
        }
    }

    /** Unsubscribe (PS3.18 11.11); false when there was no such subscription (404). Blocking. */
    public boolean unsubscribe(Subscriber s, String target) {
        if (GLOBAL.equals(target) || FILTERED_GLOBAL.equals(target)) {
            // Table CC.2.3-2 "AE Unsubscribes Globally": no global subscription, all go to Not Subscribed
            return store.exists(s, target) && store.deleteAll(s) > 0;
        }
        return store.delete(s, target);
    }

    /** Suspend Global Subscription (PS3.18 11.12): no new workitems, the current ones kept. Blocking. */
    public boolean suspend(Subscriber s, String target) {
        return store.delete(s, target);
    }

    /** A new workitem: each global subscriber of its vendor whose filter matches goes to Subscribed. */
    void created(Workitem w) {
        for (SubscriptionStore.Global g : store.globals(w.algorithmId())) {
            if (g.filter().matches(w)) {
                store.put(g.subscriber(), List.of(w.uid()), g.deletionLock(), SubscriptionFilter.ANY, clock.instant());
            }
        }
    }

    /** Sends a report to every subscriber of its workitem; a failure is logged, never thrown (CC.2.4.3). */
    void report(UpsEvent event) {
        try {
            for (Subscriber s : store.of(event.instanceUid())) {
                sink.deliver(s, event);
            }
        } catch (RuntimeException e) {
            LOG.warn("workitem {}: event report {} not sent: {}", event.instanceUid(), event.type(), e.toString());
        }
    }

    private List<Workitem> open(String owner, SubscriptionFilter filter) {
        List<Workitem> open = new ArrayList<>();
        for (ProcedureStepState state : List.of(ProcedureStepState.SCHEDULED, ProcedureStepState.IN_PROGRESS)) {
            for (Workitem w : workitems.search(owner, state, filter.studyOrNull(), 0, MAX_OPEN)) {
                if (filter.matches(w)) {
                    open.add(w);
                }
            }
        }
        return open;
    }
}
