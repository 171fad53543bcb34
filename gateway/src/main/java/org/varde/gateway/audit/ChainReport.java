package org.varde.gateway.audit;

/**
 * What {@code varde audit verify} found: the chain intact over {@code rows} rows (from {@code
 * firstSeq}, rows before it removed at the end of their retention), or the first broken link
 * ({@code firstBrokenSeq}, the sequence number where the chain stops holding) and why.
 *
 * @param checkpoints       signed checkpoints compared with their rows
 * @param signaturesChecked whether their signatures were checked (a public key was given)
 */
public record ChainReport(boolean intact, long rows, Long firstBrokenSeq, String why, long firstSeq,
                          long checkpoints, boolean signaturesChecked) {

    static ChainReport ok(long rows, long firstSeq, long checkpoints, boolean signaturesChecked) {
        return new ChainReport(true, rows, null, null, firstSeq, checkpoints, signaturesChecked);
    }

    static ChainReport broken(long rows, long seq, String why) {
        return new ChainReport(false, rows, seq, why, 0, 0, false);
    }

    public String describe() {
        if (!intact) {
            return "audit chain BROKEN at seq " + firstBrokenSeq + ": " + why + " (" + rows + " events read)";
        }
        String from = firstSeq > 1 ? " (from seq " + firstSeq + "; older events removed at the end of their retention)"
                : "";
        String signed = checkpoints == 0 ? "; no signed checkpoints"
                : "; " + checkpoints + " checkpoints " + (signaturesChecked ? "with valid signatures"
                : "match their rows (signatures not checked: no public key given)");
        return "audit chain intact: " + rows + " events" + from + signed;
    }
}
