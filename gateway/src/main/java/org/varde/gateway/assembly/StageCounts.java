package org.varde.gateway.assembly;

/**
 * Studies by where they stand in assembly, for the operator's overview.
 *
 * @param assembling      studies whose instances may still come (no completion trigger fired yet)
 * @param awaitingRouting completed generations the router has not taken yet (a hand-over pending or failing)
 * @param complete        studies whose current generation is complete
 */
public record StageCounts(long assembling, long awaitingRouting, long complete) {
}
