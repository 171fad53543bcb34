package org.varde.gateway.audit.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An RFC 5424 syslog message carrying one DICOM audit message, as IHE ATNA (ITI-20) asks: facility
 * 10 (security/authorization) with severity 5 (notice), MSGID {@code IHE+RFC-3881}, no structured
 * data, and the XML as the UTF-8 MSG with its byte order mark (RFC 5424 6.4).
 */
final class SyslogMessage {
    /** PRI = facility 10 x 8 + severity 5. */
    private static final String PRI = "<85>";
    private static final String MSGID = "IHE+RFC-3881";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SyslogMessage() {
    }

    /**
     * @param hostName RFC 5424 HOSTNAME: printable US-ASCII without spaces, at most 255
     * @param appName  RFC 5424 APP-NAME: printable US-ASCII without spaces, at most 48
     */
    static byte[] of(Instant at, String hostName, String appName, String procId, String xml) {
        String header = PRI + "1 " + at + ' ' + field(hostName, 255) + ' ' + field(appName, 48) + ' '
                + field(procId, 128) + ' ' + MSGID + " - ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + BOM.length + body.length);
        out.writeBytes(head);
        out.writeBytes(BOM);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A header field as RFC 5424 6.2 allows it (PRINTUSASCII, bounded), or the NILVALUE. */
    static String field(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }
}
