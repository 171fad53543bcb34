package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.UID;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;
import org.varde.gateway.worklist.WorkitemInput;
import org.varde.gateway.worklist.Worklist;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * WADO-RS Retrieve Series (PS3.18 10.4) for a UPS performer: {@code GET /dicomweb/studies/{study}/series/{series}},
 * {@code multipart/related; type="application/dicom"}, one Part 10 file per part, streamed from the spool
 * (each file piped to the socket with back-pressure, never held whole). Only the instances an open
 * workitem (SCHEDULED or IN PROGRESS) of the caller's algorithm lists: another vendor's workitem, a
 * finished one or an instance the job did not select answer 404, as if they did not exist. Instances go
 * in the transfer syntax they were received in.
 */
final class WadoRsApi {
    private static final Logger LOG = LoggerFactory.getLogger(WadoRsApi.class);
    private static final String MEDIA = "multipart/related; type=\"application/dicom\"";

    private final Vertx vertx;
    private final Worklist worklist;
    private final Journal journal;
    private final Spool spool;

    WadoRsApi(Vertx vertx, Worklist worklist, Journal journal, Spool spool) {
        this.vertx = vertx;
        this.worklist = worklist;
        this.journal = journal;
        this.spool = spool;
    }

    void mount(ApiRoutes routes) {
        routes.get("/dicomweb/studies/:studyUid/series/:seriesUid", Role.VENDOR, this::retrieveSeries);
    }

    private void retrieveSeries(RoutingContext ctx) {
        String study = ctx.pathParam("studyUid");
        String series = ctx.pathParam("seriesUid");
        if (!UID.isSafe(study) || !UID.isSafe(series)) {
            Responses.error(ctx, 400, "not a valid UID");
            return;
        }
        if (!acceptsDicom(ctx.request().getHeader("Accept"))) {
            Responses.error(ctx, 406, "this series is served as " + MEDIA);
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> files(caller.name(), study, series), false).onComplete(found -> {
            if (found.failed()) {
                Responses.fail(ctx, found.cause());
            } else if (found.result().isEmpty()) {
                Responses.error(ctx, 404, "no series " + series + " of study " + study + " in a workitem of "
                        + caller.name());
            } else {
                stream(ctx, found.result(), caller);
            }
        });
    }

    /** The spool files of the instances the caller's open workitems list in this series. */
    private List<Path> files(String algorithmId, String study, String series) {
        List<WorkitemInput> allowed = worklist.store().retrievable(algorithmId, study, series);
        if (allowed.isEmpty()) {
            return List.of();
        }
        Map<String, InstanceRecord> kept = new HashMap<>();
        for (InstanceRecord i : journal.instancesOfStudy(study)) {
            kept.put(i.sopInstanceUid(), i);
        }
        return allowed.stream().map(a -> kept.get(a.sopInstanceUid()))
                .filter(i -> i != null && !i.fileMissing())
                .map(i -> spool.resolve(i.spoolPath())).toList();
    }

    private void stream(RoutingContext ctx, List<Path> files, Caller caller) {
        String boundary = "varde-" + UUID.randomUUID();
        HttpServerResponse response = ctx.response().setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", MEDIA + "; boundary=" + boundary);
        Future<Void> sent = Future.succeededFuture();
        for (Path file : files) {
            sent = sent.compose(v -> part(response, boundary, file));
        }
        sent.onComplete(done -> {
            if (done.failed()) {
                // the status is out already: cut the answer short so the client sees a broken body, not a whole one
                LOG.warn("WADO-RS to {} cut short: {}", caller.describe(), done.cause().toString());
                ctx.request().connection().close();
                return;
            }
            response.end(Buffer.buffer("\r\n--" + boundary + "--\r\n"));
            LOG.info("WADO-RS: {} instances to {}", files.size(), caller.describe());
        });
    }

    /** One part: its headers, then the file piped in (the response's write queue paces the reading). */
    private Future<Void> part(HttpServerResponse response, String boundary, Path file) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).compose(opened -> {
            response.write(Buffer.buffer("\r\n--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n"));
            return opened.pipe().endOnComplete(false).to(response).eventually(opened::close);
        });
    }

    /** PS3.18 8.7.3: the multipart DICOM media type, or anything; a specific transfer syntax is not offered. */
    static boolean acceptsDicom(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("*/*") || lower.contains("multipart/related") && lower.contains("application/dicom")
                && !lower.contains("application/dicom+") || lower.contains("multipart/*");
    }
}
