package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.OwningStoreSink;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;

/**
 * The data set of one DIMSE request as it streams in: into a {@link StoreSink}, or read and
 * discarded when the request was already refused. Ends with the status to answer.
 */
final class InboundStore implements InboundMessage {
    final int contextId;
    final Command request;
    private StoreSink sink;
    private Status failure;
    private String comment;

    private InboundStore(int contextId, Command request, StoreSink sink, Status failure, String comment) {
        this.contextId = contextId;
        this.request = request;
        this.sink = sink;
        this.failure = failure;
        this.comment = comment;
    }

    static InboundStore into(int contextId, Command request, StoreSink sink) {
        return new InboundStore(contextId, request, sink, null, null);
    }

    static InboundStore discarding(int contextId, Command request, Status status, String comment) {
        return new InboundStore(contextId, request, null, status, comment);
    }

    @Override
    public int contextId() {
        return contextId;
    }

    @Override
    public Future<Reply> finish() {
        return end().map(Reply::of);
    }

    /**
     * A fragment for the sink: the received bytes themselves to a sink that owns them, a heap copy to
     * any other. A failed write turns the rest of the data set into discarding.
     */
    @Override
    public Future<Void> write(ReceivedFragment fragment) {
        if (sink == null) {
            return Future.succeededFuture();
        }
        Future<Void> written = sink instanceof OwningStoreSink owning
                ? owning.writeOwned(fragment.retain())
                : sink.write(fragment.copy());
        return written.recover(t -> {
            fail(t);
            return Future.succeededFuture();
        });
    }

    /** The last fragment arrived: the response to send, with its error comment when failed. */
    Future<Command> end() {
        if (sink == null) {
            return Future.succeededFuture(response(failure, comment));
        }
        StoreSink finishing = sink;
        sink = null;
        return finishing.end()
                .map(status -> response(status, null))
                .recover(t -> Future.succeededFuture(response(statusOf(t), t.getMessage())));
    }

    @Override
    public void abort(Throwable cause) {
        if (sink != null) {
            StoreSink aborted = sink;
            sink = null;
            aborted.abort(cause);
        }
    }

    private void fail(Throwable t) {
        StoreSink failed = sink;
        sink = null;
        failure = statusOf(t);
        comment = t.getMessage();
        failed.abort(t);
    }

    /** A {@link DimseException} answers its own status; any other failure is A700 (PS3.4 B.2.3). */
    private static Status statusOf(Throwable t) {
        return t instanceof DimseException d ? d.status() : Status.OUT_OF_RESOURCES;
    }

    private Command response(Status status, String errorComment) {
        Command rsp = Command.responseTo(request, status);
        if (errorComment != null && status.isFailure()) {
            rsp.setErrorComment(errorComment);
        }
        return rsp;
    }
}
