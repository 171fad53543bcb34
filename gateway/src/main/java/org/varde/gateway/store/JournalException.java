package org.varde.gateway.store;

/** The journal's database failed; the caller answers the peer with an error and keeps running. */
public class JournalException extends RuntimeException {
    /** Enough to say which column refused which UID; a driver's message is not shown beyond it. */
    private static final int MAX_REASON_LENGTH = 240;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why the database refused, in one line fit for a log or a reason file: the first line of the
     * driver's own message, cut before the statement. H2 appends the SQL and its bound parameters
     * (a patient's name among them) after "SQL statement"; those never leave here.
     */
    public String reason() {
        Throwable root = this;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int cut = text.length();
        for (String end : new String[] {"\n", "\r", "; SQL statement", "SQL statement"}) {
            int at = text.indexOf(end);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String line = text.substring(0, cut).strip();
        return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH) + "...";
    }
}
