package org.varde.gateway.usage;

/** Where a processed study stands for billing: the vendor has it; answered; answered with another version; never answered. */
public enum UsageStatus {
    PENDING, RECEIVED, QUARANTINED, NO_RESULT
}
