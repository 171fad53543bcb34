package org.varde.dicom.net;

/**
 * One allowed calling AE: a title, optionally bound to a host (IP address or name as the socket
 * reports it). Config form: {@code "MODALITY1"} or {@code "MODALITY1@10.0.0.5"}. {@link #ANY} is
 * the explicit choice to accept every caller; it has no config form of its own.
 */
public record CallerRule(String aeTitle, String hostOrNull) {
    /** Every calling AE title from every host: never the default, always somebody's decision. */
    public static final CallerRule ANY = new CallerRule(null, null);

    public static CallerRule parse(String text) {
        int at = text.indexOf('@');
        return at < 0 ? new CallerRule(text.trim(), null)
                : new CallerRule(text.substring(0, at).trim(), text.substring(at + 1).trim());
    }

    public boolean matches(String callingAeTitle, String remoteHost) {
        if (this == ANY) {
            return true;
        }
        return aeTitle != null && aeTitle.equals(callingAeTitle) && (hostOrNull == null || hostOrNull.equals(remoteHost));
    }
}
