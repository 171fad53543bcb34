package org.varde.dicom.net.impl;

import io.vertx.core.buffer.Buffer;
import org.varde.dicom.dimse.Command;

/**
 * A DIMSE response: its command set and, when the command announces one, its encoded data set
 * (PS3.7 9.3 and 10.3: an N-CREATE-RSP or N-SET-RSP may carry an attribute list).
 */
record Reply(Command command, Buffer dataSet) {
    static Reply of(Command command) {
        return new Reply(command, null);
    }
}
