package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.varde.dicom.web.MultipartException;
import org.varde.dicom.web.MultipartParser;
import org.varde.gateway.routing.HeaderKeywords;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DICOM files uploaded to the route tester ({@code POST /api/routes/explain/files}, a
 * {@code multipart/form-data} or {@code multipart/related} body of Part 10 files), read as they stream:
 * of each part only the first {@value #HEAD_BYTES} bytes are kept (a header ends long before; the web
 * UI sends no more than that of each file), parsed up to Pixel Data as the ingest parses it, and
 * dropped. Nothing is written, journaled or sent; what remains are the routing keywords, grouped by study.
 */
final class ExplainUpload implements MultipartParser.Listener {
    static final int HEAD_BYTES = 1024 * 1024;
    static final long MAX_REQUEST_BYTES = 256L * 1024 * 1024;
    static final int MAX_PARTS = 500;
    private static final int MAX_NAME = 120;

    /** The studies the files make up (in file order), and the parts that were not DICOM headers, with why. */
    record Read(List<StudyFacts> studies, List<JsonObject> skipped) {
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final MultipartParser parser;
    private final Promise<Read> done = Promise.promise();
    private final Map<String, List<Map<String, String>>> byStudy = new LinkedHashMap<>();
    private final List<JsonObject> skipped = new ArrayList<>();
    private Future<Void> parsed = Future.succeededFuture();
    private ByteArrayOutputStream head;
    private boolean truncated;
    private String name;
    private long received;
    private int waiting;

    private ExplainUpload(Vertx vertx, HttpServerRequest request, String boundary) throws MultipartException {
        this.vertx = vertx;
        this.request = request;
        this.parser = new MultipartParser(boundary, this);
    }

    /** Fails with a {@link MultipartException} (400) or an {@link IllegalStateException} (413), naming why. */
    static Future<Read> read(Vertx vertx, HttpServerRequest request) {
        String type = MultipartParser.mediaType(request.getHeader("Content-Type"));
        if (!"multipart/form-data".equals(type) && !"multipart/related".equals(type)) {
            return Future.failedFuture(new MultipartException(
                    "send the files as multipart/form-data or multipart/related; type=\"application/dicom\""));
        }
        try {
            ExplainUpload upload = new ExplainUpload(vertx, request, MultipartParser.boundary(request.getHeader("Content-Type")));
            upload.start();
            return upload.done.future();
        } catch (MultipartException e) {
            return Future.failedFuture(e);
        }
    }

    private void start() {
        request.handler(this::chunk);
        request.exceptionHandler(done::tryFail);
        request.endHandler(v -> ended());
        request.resume();
    }

    private void chunk(Buffer chunk) {
        if (done.future().isComplete()) {
            return;
        }
        received += chunk.length();
        if (received > MAX_REQUEST_BYTES) {
            done.tryFail(new IllegalStateException("the body is larger than " + MAX_REQUEST_BYTES + " bytes"));
            return;
        }
        try {
            parser.feed(chunk);
        } catch (MultipartException e) {
            done.tryFail(e);
        }
    }

    @Override
    public void partBegin(Map<String, String> headers) throws MultipartException {
        if (parser.parts() > MAX_PARTS) {
            throw new MultipartException("more than " + MAX_PARTS + " files");
        }
        String disposition = headers.get("content-disposition");
        String file = disposition == null ? null : MultipartParser.parameter(disposition, "filename");
        name = file == null || file.isBlank() ? "part " + parser.parts()
                : file.length() > MAX_NAME ? file.substring(0, MAX_NAME) + "…" : file;
        head = new ByteArrayOutputStream();
        truncated = false;
    }

    @Override
    public void partData(Buffer data) {
        int room = HEAD_BYTES - head.size();
        if (data.length() > room) {
            truncated = true;
        }
        if (room > 0) {
            head.writeBytes(data.getBytes(0, Math.min(room, data.length())));
        }
    }

    @Override
    public void partEnd() {
        byte[] bytes = head.toByteArray();
        boolean cut = truncated;
        String file = name;
        head = null;
        // one parse at a time, the body paused meanwhile: at most one head is held beyond the parser's
        waiting++;
        request.pause();
        parsed = parsed.compose(v -> vertx.executeBlocking(() -> {
            parse(file, bytes, cut);
            return null;
        }, false)).transform(v -> {
            if (--waiting == 0 && !done.future().isComplete()) {
                request.resume();
            }
            return Future.succeededFuture();
        });
    }

    /** On a worker. */
    private void parse(String file, byte[] bytes, boolean cut) {
        try {
            Map<String, String> keywords = HeaderKeywords.of(new ByteArrayInputStream(bytes), "");
            synchronized (this) {
                byStudy.computeIfAbsent(keywords.getOrDefault("StudyInstanceUID", ""), k -> new ArrayList<>()).add(keywords);
            }
        } catch (IOException | RuntimeException e) {
            String why = cut ? "no whole DICOM header in its first " + HEAD_BYTES + " bytes"
                    : "not a DICOM Part 10 file (" + e.getMessage() + ")";
            synchronized (this) {
                skipped.add(new JsonObject().put("file", file).put("why", why));
            }
        }
    }

    private void ended() {
        if (done.future().isComplete()) {
            return;
        }
        try {
            parser.end();
        } catch (MultipartException e) {
            done.tryFail(e);
            return;
        }
        parsed.onComplete(v -> {
            synchronized (this) {
                List<StudyFacts> studies = new ArrayList<>();
                byStudy.values().forEach(instances -> studies.add(StudyFactsAssembler.fromInstances(instances)));
                done.tryComplete(new Read(studies, List.copyOf(skipped)));
            }
        });
    }
}
