package org.varde.connectors.algorithm.dicom;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.NormalizedResponse;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.PresentationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The DICOM client of one dispatch: it keeps hold of the association {@code StoreScu} opens, so a
 * timeout can abort it, and notes every SOP class the vendor would not take. Used on one Vert.x
 * context only, like the association it wraps.
 */
final class SingleDispatchClient implements DicomClient {
    private final DicomClient delegate;
    private final List<String> refusedSopClasses = new ArrayList<>();
    private ClientAssociation association;
    private boolean closed;

    SingleDispatchClient(DicomClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Future<ClientAssociation> open(String host, int port, String callingAeTitle, String calledAeTitle,
                                          List<PresentationContext> contexts) {
        return delegate.open(host, port, callingAeTitle, calledAeTitle, contexts).compose(opened -> {
            if (closed) {
                opened.abort();
                return Future.failedFuture("dispatch ended while the association was being negotiated");
            }
            association = new Recording(opened);
            return Future.succeededFuture(association);
        });
    }

    /** SOP classes for which the vendor accepted no presentation context in our transfer syntax. */
    List<String> refusedSopClasses() {
        return refusedSopClasses;
    }

    /**
     * PS3.8 9.3.8: A-ABORT (service user) if the association is up, then the socket is closed at once
     * rather than after ARTIM: a vendor that stopped answering will not close it for us.
     */
    Future<Void> abortAndClose() {
        if (association != null && association.isOpen()) {
            association.abort();
        }
        return close();
    }

    @Override
    public Future<Void> close() {
        closed = true;
        return delegate.close();
    }

    /** Passes everything through; remembers refused SOP classes. */
    private final class Recording implements ClientAssociation {
        private final ClientAssociation inner;

        Recording(ClientAssociation inner) {
            this.inner = inner;
        }

        @Override
        public AAssociateAC acceptance() {
            return inner.acceptance();
        }

        @Override
        public boolean accepts(String sopClassUid, String transferSyntaxUid) {
            boolean accepted = inner.accepts(sopClassUid, transferSyntaxUid);
            if (!accepted && !refusedSopClasses.contains(sopClassUid)) {
                refusedSopClasses.add(sopClassUid);
            }
            return accepted;
        }

        @Override
        public Future<Status> echo() {
            return inner.echo();
        }

        @Override
        public Future<Status> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                    ReadStream<Buffer> dataSet) {
            return inner.store(sopClassUid, sopInstanceUid, transferSyntaxUid, dataSet);
        }

        @Override
        public Future<NormalizedResponse> nCreate(String sopClassUid, String sopInstanceUid, Attributes attributes) {
            return inner.nCreate(sopClassUid, sopInstanceUid, attributes);
        }

        @Override
        public Future<NormalizedResponse> nSet(String sopClassUid, String sopInstanceUid, Attributes modifications) {
            return inner.nSet(sopClassUid, sopInstanceUid, modifications);
        }

        @Override
        public Future<Void> release() {
            return inner.release();
        }

        @Override
        public void abort() {
            inner.abort();
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }
    }
}
