package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Streams one data set from a source into PDVs no longer than the peer accepts (PS3.8 D.1). The
 * last fragment is held back until the source ends, because only it carries the last flag
 * (PS3.8 E.2). While the socket's write queue is full the source is paused, so memory stays flat.
 * A deflated data set of odd length gets one NUL byte after it: a DICOM message is an even number
 * of bytes (dcmtk refuses an odd fragment), and an inflater stops at the end of the deflate stream.
 */
final class OutboundDataSet {
    private final RequestorAssociation association;
    private final int contextId;
    private final ReadStream<Buffer> source;
    private final int maxFragment;
    private final boolean padToEven;
    private final Promise<Void> sent = Promise.promise();
    private Buffer held = Buffer.buffer();
    private long length;

    OutboundDataSet(RequestorAssociation association, int contextId, ReadStream<Buffer> source, boolean padToEven) {
        this.association = association;
        this.contextId = contextId;
        this.source = source;
        this.maxFragment = association.maxFragment();
        this.padToEven = padToEven;
    }

    Future<Void> send() {
        source.exceptionHandler(sent::tryFail);
        source.endHandler(v -> finish());
        source.handler(this::onChunk);
        return sent.future();
    }

    private void onChunk(Buffer chunk) {
        if (!association.isOpen()) {
            source.pause();
            sent.tryFail("association closed while sending a data set");
            return;
        }
        length += chunk.length();
        int pos = 0;
        if (held.length() > 0) {
            int take = Math.min(maxFragment - held.length(), chunk.length());
            held.appendBuffer(chunk, 0, take);
            pos = take;
            if (pos == chunk.length()) {
                return;
            }
            association.sendPdv(contextId, false, false, held, 0, held.length());
        }
        while (chunk.length() - pos > maxFragment) {
            association.sendPdv(contextId, false, false, chunk, pos, pos + maxFragment);
            pos += maxFragment;
        }
        held = chunk.getBuffer(pos, chunk.length());
        if (association.socket().writeQueueFull()) {
            source.pause();
            association.socket().drainHandler(v -> source.resume());
        }
    }

    private void finish() {
        if (padToEven && (length & 1) != 0) {
            if (held.length() < maxFragment) {
                // with an even maxFragment an odd data set's last fragment is odd, so shorter: the pad fits
                held = held.copy().appendByte((byte) 0);
            } else {
                // a peer that takes 1-byte fragments only: the pad goes as the last fragment of its own
                association.sendPdv(contextId, false, false, held, 0, held.length());
                held = Buffer.buffer(new byte[] {0});
            }
        }
        association.sendPdv(contextId, false, true, held, 0, held.length())
                .onComplete(r -> {
                    if (r.succeeded()) {
                        sent.tryComplete();
                    } else {
                        sent.tryFail(r.cause());
                    }
                });
    }
}
