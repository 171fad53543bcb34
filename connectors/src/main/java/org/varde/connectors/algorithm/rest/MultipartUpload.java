package org.varde.connectors.algorithm.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A job as {@code multipart/form-data} (RFC 7578): a {@code job} part (JSON: the study reference, the
 * idempotency key, the callback) and one {@code instance} part per DICOM file ({@code application/dicom},
 * PS3.18 Annex A media type), each file streamed from the spool through the request with back-pressure:
 * never whole in memory, whatever the size of the study.
 */
final class MultipartUpload implements JobUpload {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Envelope envelope;
    private final String boundary;
    private final JsonObject job;
    private final List<Path> files;

    MultipartUpload(JsonObject job, List<Path> files) {
        this.envelope = Envelope.random();
        this.boundary = envelope.boundary();
        this.job = job;
        this.files = List.copyOf(files);
    }

    /** The multipart/form-data frame both uploads share: the boundary, its delimiters, the job part. */
    record Envelope(String boundary) {
        static Envelope random() {
            // RFC 2046 5.1.1: a boundary must not occur in the parts; 128 random bits make that certain enough
            byte[] bits = new byte[16];
            RANDOM.nextBytes(bits);
            return new Envelope("varde-" + HexFormat.of().formatHex(bits));
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        String delimiter() {
            return "--" + boundary + "\r\n";
        }

        String closeDelimiter() {
            return "--" + boundary + "--\r\n";
        }

        Buffer jobPart(JsonObject job) {
            return Buffer.buffer(delimiter() + "Content-Disposition: form-data; name=\"job\"\r\n"
                    + "Content-Type: application/json\r\n\r\n").appendBuffer(job.toBuffer()).appendString("\r\n");
        }
    }

    @Override
    public String contentType() {
        return envelope.contentType();
    }

    @Override
    public Future<Void> writeTo(Vertx vertx, HttpClientRequest request) {
        request.setChunked(true);
        Future<Void> sent = request.write(envelope.jobPart(job));
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            sent = sent.compose(v -> part(vertx, request, index));
        }
        return sent.compose(v -> request.end(Buffer.buffer(envelope.closeDelimiter())));
    }

    private Future<Void> part(Vertx vertx, HttpClientRequest request, int index) {
        // the file name is a counter: a path or a UID has no business in a header the vendor logs
        Buffer header = Buffer.buffer("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"instance\"; filename=\"" + (index + 1) + ".dcm\"\r\n"
                + "Content-Type: application/dicom\r\n\r\n");
        return request.write(header)
                .compose(v -> vertx.fileSystem().open(files.get(index).toString(), new OpenOptions().setRead(true))
                        .recover(e -> Future.failedFuture(new UnreadableSourceException(files.get(index), e))))
                .compose(file -> pipe(file, request))
                .compose(v -> request.write(Buffer.buffer("\r\n")));
    }

    private static Future<Void> pipe(AsyncFile file, HttpClientRequest request) {
        return file.pipe().endOnComplete(false).to(request).eventually(file::close);
    }

    /** A spool file that could not be opened: our side, not the vendor's. */
    static final class UnreadableSourceException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableSourceException(Path file, Throwable cause) {
            super("cannot read spool file " + file.getFileName() + ": " + cause.getMessage(), cause);
        }
    }
}
