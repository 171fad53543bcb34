package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.data.Attributes;

import java.io.IOException;
import java.util.function.Function;

/**
 * The data set of a DIMSE-N request, gathered whole up to {@link SmallDataSet#MAX_LENGTH} and then
 * parsed. A larger one is read to its end and discarded, so the association stays usable, and the
 * request is answered with the failure instead.
 */
final class InboundAttributeList implements InboundMessage {
    /** What to answer when the data set could not be taken. */
    interface Refusal {
        Reply reply(String why);
    }

    private final int contextId;
    private final String transferSyntaxUid;
    private final Function<Attributes, Future<Reply>> complete;
    private final Refusal refusal;
    private Buffer gathered = Buffer.buffer(1024);
    private long length;

    InboundAttributeList(int contextId, String transferSyntaxUid, Function<Attributes, Future<Reply>> complete,
                         Refusal refusal) {
        this.contextId = contextId;
        this.transferSyntaxUid = transferSyntaxUid;
        this.complete = complete;
        this.refusal = refusal;
    }

    @Override
    public int contextId() {
        return contextId;
    }

    @Override
    public Future<Void> write(ReceivedFragment fragment) {
        length += fragment.length();
        if (length > SmallDataSet.MAX_LENGTH) {
            gathered = null;
        } else if (gathered != null) {
            gathered.appendBuffer(fragment.borrowed());
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Reply> finish() {
        if (length > SmallDataSet.MAX_LENGTH) {
            return Future.succeededFuture(refusal.reply("data set longer than " + SmallDataSet.MAX_LENGTH + " bytes"));
        }
        Attributes dataSet;
        try {
            dataSet = gathered.length() == 0 ? new Attributes() : SmallDataSet.parse(gathered, transferSyntaxUid);
        } catch (IOException | RuntimeException e) {
            return Future.succeededFuture(refusal.reply("data set cannot be parsed"));
        }
        gathered = null;
        return complete.apply(dataSet);
    }

    @Override
    public void abort(Throwable cause) {
        gathered = null;
    }
}
