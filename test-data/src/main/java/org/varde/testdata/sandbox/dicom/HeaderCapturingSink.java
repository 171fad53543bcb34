package org.varde.testdata.sandbox.dicom;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the first bytes of a data set (at most {@link #MAX_HEADER_BYTES}, the pixels are dropped),
 * reads the header from them when the instance is complete and hands what the answer needs on.
 */
final class HeaderCapturingSink implements StoreSink {
    static final int MAX_HEADER_BYTES = 256 * 1024;

    private final StoreRequest request;
    private final Consumer<ReceivedInstance> received;
    private final Supplier<Future<Status>> answer;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();

    HeaderCapturingSink(StoreRequest request, Consumer<ReceivedInstance> received, Supplier<Future<Status>> answer) {
        this.request = request;
        this.received = received;
        this.answer = answer;
    }

    @Override
    public Future<Void> write(Buffer fragment) {
        int room = MAX_HEADER_BYTES - head.size();
        if (room > 0) {
            byte[] bytes = fragment.getBytes(0, Math.min(room, fragment.length()));
            head.write(bytes, 0, bytes.length);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Status> end() {
        try {
            Attributes header = new DicomReader(new ByteArrayInputStream(head.toByteArray()),
                    TransferSyntax.of(request.transferSyntaxUid()), head.size()).readDataSetUntil(Tag.PixelData);
            received.accept(new ReceivedInstance(header.getString(Tag.PatientID), header.getString(Tag.PatientName),
                    header.getString(Tag.StudyInstanceUID), header.getString(Tag.SeriesInstanceUID),
                    request.affectedSopClassUid(), request.affectedSopInstanceUid()));
        } catch (Exception e) {
            return Future.succeededFuture(Status.CANNOT_UNDERSTAND);
        }
        return answer.get();
    }

    @Override
    public void abort(Throwable cause) {
        // nothing kept
    }
}
