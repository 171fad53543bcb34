package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import org.varde.dicom.data.Part10;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test storage SCP: writes each received data set, as received, behind File Meta Information. */
final class FileStoreHandler implements CStoreHandler {
    private final Vertx vertx;
    private final Path dir;
    final List<StoreRequest> requests = new CopyOnWriteArrayList<>();
    final List<Path> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger aborted = new AtomicInteger();
    final AtomicInteger fragments = new AtomicInteger();

    FileStoreHandler(Vertx vertx, Path dir) {
        this.vertx = vertx;
        this.dir = dir;
    }

    @Override
    public StoreSink begin(StoreRequest request) {
        requests.add(request);
        Path file = dir.resolve(request.affectedSopInstanceUid() + ".dcm");
        Buffer meta = meta(request);
        Future<AsyncFile> opened = vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true)
                .setCreate(true).setTruncateExisting(true)).compose(f -> f.write(meta).map(f));
        return new StoreSink() {
            @Override
            public Future<Void> write(Buffer fragment) {
                fragments.incrementAndGet();
                return opened.compose(f -> f.write(fragment));
            }

            @Override
            public Future<Status> end() {
                return opened.compose(AsyncFile::close).map(v -> {
                    stored.add(file);
                    return Status.SUCCESS;
                });
            }

            @Override
            public void abort(Throwable cause) {
                aborted.incrementAndGet();
                opened.compose(AsyncFile::close);
            }
        };
    }

    private static Buffer meta(StoreRequest request) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10.writeFileMetaInformation(out, request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                    request.transferSyntaxUid(), request.association().callingAeTitle());
            return Buffer.buffer(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
