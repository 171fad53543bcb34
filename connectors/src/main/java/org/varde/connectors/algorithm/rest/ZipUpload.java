package org.varde.connectors.algorithm.rest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.json.JsonObject;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A job as {@code multipart/form-data} (RFC 7578) whose instances travel as one ZIP archive: a
 * {@code job} part (JSON, as in {@link MultipartUpload}) and a {@code study} part
 * ({@code application/zip}, {@code study.zip}) holding one entry per DICOM file, named by a counter
 * ({@code 1.dcm}, {@code 2.dcm}, ...). The archive is made while it is sent: a worker deflates each
 * spool file into the request (data descriptors after each entry, so no size is needed in advance),
 * waiting whenever the request's write queue is full: memory holds one 64 KiB chunk, never the study.
 */
final class ZipUpload implements JobUpload {
    private static final int CHUNK = 64 * 1024;
    private final MultipartUpload.Envelope envelope;
    private final JsonObject job;
    private final List<Path> files;
    /** A write the vendor does not drain within the whole call's timeout is given up, the worker freed. */
    private final Duration drainWait;

    ZipUpload(JsonObject job, List<Path> files, Duration callTimeout) {
        this.envelope = MultipartUpload.Envelope.random();
        this.job = job;
        this.files = List.copyOf(files);
        this.drainWait = callTimeout;
    }

    @Override
    public String contentType() {
        return envelope.contentType();
    }

    @Override
    public Future<Void> writeTo(Vertx vertx, HttpClientRequest request) {
        request.setChunked(true);
        Context context = vertx.getOrCreateContext();
        return request.write(envelope.jobPart(job))
                .compose(v -> request.write(Buffer.buffer(envelope.delimiter()
                        + "Content-Disposition: form-data; name=\"study\"; filename=\"study.zip\"\r\n"
                        + "Content-Type: application/zip\r\n\r\n")))
                .compose(v -> context.executeBlocking(() -> {
                    zip(new RequestStream(context, request, drainWait));
                    return null;
                }, false))
                .compose(v -> request.end(Buffer.buffer("\r\n" + envelope.closeDelimiter())));
    }

    /** On a worker: every file as an entry, deflated fast (pixel data barely shrinks; CPU is what costs). */
    private void zip(OutputStream out) throws IOException, MultipartUpload.UnreadableSourceException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, CHUNK));
        zip.setLevel(Deflater.BEST_SPEED);
        byte[] chunk = new byte[CHUNK];
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            InputStream in;
            try {
                in = Files.newInputStream(file);
            } catch (IOException e) {
                throw new MultipartUpload.UnreadableSourceException(file, e);
            }
            try (in) {
                // the entry name is a counter: a path or a UID has no business in the vendor's archive listing
                zip.putNextEntry(new ZipEntry((i + 1) + ".dcm"));
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    zip.write(chunk, 0, n);
                }
                zip.closeEntry();
            }
        }
        zip.finish();
        zip.flush();
    }

    /**
     * The request as an OutputStream for the worker: each chunk is handed to the request's context,
     * and the worker waits while the request's write queue is full (back-pressure from the vendor).
     */
    private static final class RequestStream extends OutputStream {
        private final Context context;
        private final HttpClientRequest request;
        private final Duration drainWait;

        RequestStream(Context context, HttpClientRequest request, Duration drainWait) {
            this.context = context;
            this.request = request;
            this.drainWait = drainWait;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Buffer chunk = Buffer.buffer(length).appendBytes(bytes, offset, length);
            CompletableFuture<Void> room = new CompletableFuture<>();
            context.runOnContext(v -> request.write(chunk).onComplete(written -> {
                if (written.failed()) {
                    room.completeExceptionally(written.cause());
                } else if (!request.writeQueueFull()) {
                    room.complete(null);
                } else {
                    request.drainHandler(d -> room.complete(null));
                }
            }));
            try {
                room.get(drainWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending the ZIP", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the request broke while sending the ZIP: " + e.getCause(), e);
            }
        }

        @Override
        public void close() {
            // the request is ended by the caller, after the close delimiter
        }
    }
}
