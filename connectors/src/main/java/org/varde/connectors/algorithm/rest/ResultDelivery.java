package org.varde.connectors.algorithm.rest;

/** How Varde learns that a REST vendor's result is ready. */
public enum ResultDelivery {
    /** The vendor calls {@code POST /api/callbacks/{jobId}} with the job's secret. */
    WEBHOOK,
    /** Varde asks the status URL of the vendor's answer every poll interval. */
    POLL
}
