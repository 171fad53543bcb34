package org.varde.dicom.net;

/**
 * One allowed calling AE: a title, optionally bound to a host (IP address or name as the socket
 * reports it). Config form: {@code "MODALITY1"} or {@code "MODALITY1@10.0.0.5"}.
 */
public record CallerRule(String aeTitle, String hostOrNull) {
    public static CallerRule parse(String text) {
        int at = text.indexOf('@');
        return at < 0 ? new CallerRule(text.trim(), null)
                : new CallerRule(text.substring(0, at).trim(), text.substring(at + 1).trim());
    }

    public boolean matches(String callingAeTitle, String remoteHost) {
        return aeTitle.equals(callingAeTitle) && (hostOrNull == null || hostOrNull.equals(remoteHost));
    }
}
