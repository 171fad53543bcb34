package org.varde.dicom.net.impl;

import io.netty.buffer.ByteBuf;
import org.varde.dicom.net.pdu.PDataTF;
import org.varde.dicom.net.pdu.PresentationDataValue;

import java.util.List;

/**
 * A P-DATA-TF PDU as it came off the socket: its values, decoded as views on the body, and the body
 * itself in Netty's pooled memory, owned here until {@link #release}. Everything handed out is
 * borrowed: read, copied or retained before the release, never kept as it is.
 */
final class ReceivedPData {
    private final List<PresentationDataValue> values;
    private final ByteBuf body;
    /** Where each value's data starts in the body. */
    private final int[] dataOffsets;

    /** @param body the body {@code pdu} was decoded from, which tiles it with its values exactly */
    ReceivedPData(PDataTF pdu, ByteBuf body) {
        this.values = pdu.values();
        this.body = body;
        this.dataOffsets = new int[values.size()];
        int at = body.readerIndex();
        for (int i = 0; i < dataOffsets.length; i++) {
            // PS3.8 9.3.5.1: item length, context id and message control header, then the data
            at += PresentationDataValue.HEADER_LENGTH;
            dataOffsets[i] = at;
            at += values.get(i).data().length();
        }
    }

    List<PresentationDataValue> values() {
        return values;
    }

    /** The data of value {@code index}, where it lies in the body. */
    ReceivedFragment data(int index) {
        return new ReceivedFragment(body.slice(dataOffsets[index], values.get(index).data().length()));
    }

    void release() {
        body.release();
    }
}
