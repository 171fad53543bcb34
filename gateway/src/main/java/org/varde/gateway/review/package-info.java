/**
 * The review gate (issue 12): results of routes or algorithms that say {@code review: required} wait
 * here, one row each, until a reviewer approves (the deliveries start, the SR verified by them),
 * rejects (nothing clinical goes out) or defers; a result left longer than its alert time raises an
 * alert and, where the route says {@code onTimeout: release}, goes out saying nobody reviewed it.
 * The gate sits at the one place where a received result becomes deliveries.
 */
package org.varde.gateway.review;
