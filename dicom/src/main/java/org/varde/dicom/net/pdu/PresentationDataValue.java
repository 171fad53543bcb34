package org.varde.dicom.net.pdu;

import io.vertx.core.buffer.Buffer;

/**
 * PS3.8 9.3.5.1 and E.2: one presentation data value: a fragment of a command or data set on one
 * presentation context, with the message control header's two flags.
 */
public record PresentationDataValue(int presentationContextId, boolean command, boolean last, Buffer data) {
    /** PS3.8 9.3.5.1: 4-byte item length, context id, message control header. */
    public static final int HEADER_LENGTH = 6;

    public int controlHeader() {
        return (command ? 0x01 : 0x00) | (last ? 0x02 : 0x00);
    }
}
