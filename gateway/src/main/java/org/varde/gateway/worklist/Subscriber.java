package org.varde.gateway.worklist;

/**
 * Who receives UPS event reports: an AE Title (Receiving AE (0074,1234)) within the vendor token that
 * subscribed it. Two vendors may use the same AE Title; each sees only its own workitems' events.
 */
public record Subscriber(String owner, String aeTitle) {
}
