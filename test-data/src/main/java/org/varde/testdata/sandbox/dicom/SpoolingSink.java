package org.varde.testdata.sandbox.dicom;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import org.varde.dicom.data.Part10;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Keeps a whole instance as a Part 10 file in the vendor's spool (its detector reads files), written
 * asynchronously so that the event loop never waits on the disk, while {@code header} reads what the
 * answer needs from the same bytes. The instance is answered only once the file is closed.
 */
final class SpoolingSink implements StoreSink {
    private final StoreSink header;
    private final Path file;
    private final FileSystem fileSystem;
    private Future<AsyncFile> open;

    SpoolingSink(FileSystem fileSystem, Path file, StoreRequest request, StoreSink header) {
        this.fileSystem = fileSystem;
        this.file = file;
        this.header = header;
        Buffer meta = Buffer.buffer(meta(request));
        this.open = fileSystem.open(file.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .compose(f -> f.write(meta).map(f));
    }

    private static byte[] meta(StoreRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            Part10.writeFileMetaInformation(out, request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                    request.transferSyntaxUid(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public Future<Void> write(Buffer fragment) {
        Buffer copy = fragment.copy();
        open = open.compose(f -> f.write(copy).map(f));
        return header.write(fragment).compose(v -> open.mapEmpty());
    }

    @Override
    public Future<Status> end() {
        return open.compose(AsyncFile::close).compose(v -> header.end());
    }

    @Override
    public void abort(Throwable cause) {
        header.abort(cause);
        open.compose(AsyncFile::close).onComplete(closed -> fileSystem.delete(file.toString()));
    }
}
