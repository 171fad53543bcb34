package org.varde.gateway.delivery;

/** Whether a delivery reaches the worklist. */
public enum DeliveryMode {
    /** The route is clinical: sent to the sink. */
    CLINICAL,
    /** The route is in shadow: built and kept for evaluation, never sent. */
    SHADOW
}
