package org.varde.gateway.audit;

/**
 * What {@code varde audit verify} found: the chain intact over {@code rows} rows, or the first
 * broken link ({@code firstBrokenSeq}, the sequence number where the chain stops holding) and why.
 */
public record ChainReport(boolean intact, long rows, Long firstBrokenSeq, String why) {

    static ChainReport ok(long rows) {
        return new ChainReport(true, rows, null, null);
    }

    static ChainReport broken(long rows, long seq, String why) {
        return new ChainReport(false, rows, seq, why);
    }

    public String describe() {
        return intact ? "audit chain intact: " + rows + " events"
                : "audit chain BROKEN at seq " + firstBrokenSeq + ": " + why + " (" + rows + " events read)";
    }
}
