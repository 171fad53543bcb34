package org.varde.gateway.routing;

/** What the router decided for one (route, algorithm) pair. Only {@link #SEND} leads to a job. */
public enum RoutingOutcome {
    /** The rules matched and the intended-use guard let at least one series through. */
    SEND,
    /** The route's match conditions failed, or its series filter selected no series. */
    RULE_MISS,
    /** The rules matched but the study or every selected series is outside the intended use. */
    GUARD_REFUSED,
    /** The route is switched off. */
    ROUTE_OFF
}
