package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.dicomweb.StowResponse;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.web.MultipartException;
import org.varde.dicom.web.MultipartParser;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.results.DicomResultReceiver;
import org.varde.gateway.results.IncomingResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Varde's STOW-RS endpoint (PS3.18 10.5) for results a vendor pushes back: {@code POST /dicomweb/studies}
 * and {@code POST /dicomweb/studies/{study}}, for callers with the {@code vendor} role only. Each part
 * of the {@code multipart/related; type="application/dicom"} body is a Part 10 file; it goes where a
 * result sent by C-STORE goes ({@link DicomResultReceiver}: matched to the job of the caller's
 * algorithm waiting for a result of its study, kept in the spool's results area, journaled,
 * normalised when it is a TID 1500 SR), never to ingest or routing.
 *
 * <p>Bounded: the body ({@value #MAX_REQUEST_BYTES} bytes, refused at once when Content-Length says
 * more), a part ({@link DicomResultReceiver#MAX_OBJECT_BYTES}; a larger one is dropped as it streams
 * and answered A700), {@value #MAX_PARTS} parts, a part's headers ({@link MultipartParser}). Parts are
 * judged one after the other on a worker while the upload waits (paused), so one request holds one
 * part in memory.
 *
 * <p>The answer is PS3.18 10.5.3: 200 every instance stored, 202 some, 409 none (Table 10.5.3-1),
 * with the Store Instances Response Module (Referenced SOP Sequence, Failed SOP Sequence with the
 * Failure Reason, the same PS3.4 codes as over DIMSE) as {@code application/dicom+json} or
 * {@code application/dicom+xml} per Accept; why each failed, in words, goes in {@code Warning: 299}
 * headers (RFC 7234 5.5, as PS3.18 8.4.4 lets an origin server add).
 */
final class StowRsApi {
    private static final Logger LOG = LoggerFactory.getLogger(StowRsApi.class);
    static final long MAX_REQUEST_BYTES = 256L * 1024 * 1024;
    static final int MAX_PARTS = 1000;
    private static final int MAX_WARNINGS = 20;
    private static final int HEADER_PEEK_BYTES = 64 * 1024;
    static final String DICOM_JSON = "application/dicom+json";
    static final String DICOM_XML = "application/dicom+xml";

    private final Vertx vertx;
    private final java.util.function.Supplier<DicomResultReceiver> receivers;

    /** @param receivers the results path; null while this gateway runs none (503) */
    StowRsApi(Vertx vertx, java.util.function.Supplier<DicomResultReceiver> receivers) {
        this.vertx = vertx;
        this.receivers = receivers;
    }

    void mount(ApiRoutes routes) {
        routes.postStreaming("/dicomweb/studies", Role.VENDOR, ctx -> store(ctx, null));
        routes.postStreaming("/dicomweb/studies/:studyUid", Role.VENDOR, ctx -> {
            String study = ctx.pathParam("studyUid");
            if (!org.varde.dicom.data.UID.isSafe(study)) {
                refuse(ctx, 400, "not a valid Study Instance UID");
                return;
            }
            store(ctx, study);
        });
    }

    private void store(RoutingContext ctx, String studyOrNull) {
        HttpServerRequest request = ctx.request();
        String contentType = request.getHeader("Content-Type");
        String accept = responseType(request.getHeader("Accept"));
        if (accept == null) {
            refuse(ctx, 406, "the response is " + DICOM_JSON + " or " + DICOM_XML);
            return;
        }
        String type = MultipartParser.parameter(contentType, "type");
        if (!"multipart/related".equals(MultipartParser.mediaType(contentType))
                || type != null && !"application/dicom".equalsIgnoreCase(type.strip())) {
            // PS3.18 10.5.1.2: this endpoint takes the binary (Part 10) payload only
            refuse(ctx, 415, "send multipart/related; type=\"application/dicom\"");
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && tooLong(declared)) {
            refuse(ctx, 413, "the body is larger than " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        DicomResultReceiver receiver = receivers.get();
        if (receiver == null) {
            refuse(ctx, 503, "this gateway receives no results now");
            return;
        }
        try {
            new Upload(ctx, caller, receiver, studyOrNull, accept, MultipartParser.boundary(contentType)).start();
        } catch (MultipartException e) {
            refuse(ctx, 400, e.getMessage());
        }
    }

    /** Accept: JSON when it asks for it, for anything or says nothing; XML when it asks for that only. */
    static String responseType(String accept) {
        if (accept == null || accept.isBlank()) {
            return DICOM_JSON;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        if (lower.contains(DICOM_JSON) || lower.contains("application/json") || lower.contains("*/*")) {
            return DICOM_JSON;
        }
        if (lower.contains(DICOM_XML) || lower.contains("application/xml")) {
            return DICOM_XML;
        }
        return null;
    }

    private static boolean tooLong(String declared) {
        try {
            return Long.parseLong(declared.strip()) > MAX_REQUEST_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** An answer before the body was read: the connection closes after it, the unread body with it. */
    private static void refuse(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        LOG.warn("STOW-RS refused with {}: {}", status, message);
        // HTTP/2 forbids connection headers (RFC 9113 8.2.2) and ends just the stream; closing the
        // connection would GOAWAY every other stream on it
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
            ctx.response().endHandler(v -> ctx.request().connection().close());
        }
        Responses.error(ctx, status, message);
    }

    /** One STOW-RS request: the parser's listener, and the parts' verdicts. */
    private final class Upload implements MultipartParser.Listener {
        private final RoutingContext ctx;
        private final Caller caller;
        private final DicomResultReceiver receiver;
        private final String studyOrNull;
        private final String accept;
        private final MultipartParser parser;
        private final List<StowResponse.Item> referenced = new ArrayList<>();
        private final List<StowResponse.Item> failed = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private Future<Void> judged = Future.succeededFuture();
        private ByteArrayOutputStream part;
        private byte[] peek;
        private boolean partTooLarge;
        private boolean partIsDicom;
        private long received;
        private int waiting;
        private boolean over;

        Upload(RoutingContext ctx, Caller caller, DicomResultReceiver receiver, String studyOrNull, String accept,
               String boundary) throws MultipartException {
            this.ctx = ctx;
            this.caller = caller;
            this.receiver = receiver;
            this.studyOrNull = studyOrNull;
            this.accept = accept;
            this.parser = new MultipartParser(boundary, this);
        }

        void start() {
            HttpServerRequest request = ctx.request();
            request.handler(this::chunk);
            request.exceptionHandler(e -> over = true);
            request.endHandler(v -> ended());
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (over) {
                return;
            }
            received += chunk.length();
            if (received > MAX_REQUEST_BYTES) {
                stop(413, "the body is larger than " + MAX_REQUEST_BYTES + " bytes");
                return;
            }
            try {
                parser.feed(chunk);
            } catch (MultipartException e) {
                stop(400, e.getMessage());
            }
        }

        private void stop(int status, String why) {
            over = true;
            LOG.warn("STOW-RS from {} refused: {}", caller.describe(), why);
            refuse(ctx, status, why);
        }

        @Override
        public void partBegin(Map<String, String> headers) throws MultipartException {
            if (parser.parts() > MAX_PARTS) {
                throw new MultipartException("more than " + MAX_PARTS + " parts");
            }
            partIsDicom = "application/dicom".equals(MultipartParser.mediaType(headers.get("content-type")))
                    || headers.get("content-type") == null;
            part = new ByteArrayOutputStream();
            peek = null;
            partTooLarge = false;
        }

        @Override
        public void partData(Buffer data) {
            if (partTooLarge) {
                return;
            }
            if (part.size() + (long) data.length() > DicomResultReceiver.MAX_OBJECT_BYTES) {
                // keep the head: the meta information names the instance the failure is about
                peek = Arrays.copyOf(part.toByteArray(), Math.min(part.size(), HEADER_PEEK_BYTES));
                part = null;
                partTooLarge = true;
                return;
            }
            part.writeBytes(data.getBytes());
        }

        @Override
        public void partEnd() {
            byte[] bytes = partTooLarge ? peek : part.toByteArray();
            boolean tooLarge = partTooLarge;
            boolean dicom = partIsDicom;
            int number = parser.parts();
            part = null;
            waiting++;
            ctx.request().pause();
            judged = judged.compose(v -> vertx.executeBlocking(() -> {
                judge(number, bytes, tooLarge, dicom);
                return null;
            }, false)).transform(done -> {
                if (done.failed()) {
                    LOG.error("STOW-RS part {} from {} not judged: {}", number, caller.describe(), done.cause().toString());
                    warn("part " + number + ": internal error");
                }
                if (--waiting == 0 && !over) {
                    ctx.request().resume();
                }
                return Future.succeededFuture();
            });
        }

        /** On a worker: one part, through the results path. */
        private void judge(int number, byte[] bytes, boolean tooLarge, boolean dicom) {
            if (!dicom) {
                warn("part " + number + " is not application/dicom: skipped");
                return;
            }
            Part10File header;
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                header = Part10.readHeader(in);
            } catch (IOException | RuntimeException e) {
                warn("part " + number + " is not a DICOM Part 10 file: " + e.getMessage());
                return;
            }
            String sopClass = header.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID);
            String sopInstance = header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
            if (header.dataSetOffset() == 0 || sopClass == null || sopInstance == null) {
                // PS3.18 10.5.1.2: an application/dicom part is a PS3.10 file, File Meta Information included
                warn("part " + number + " is not a DICOM Part 10 file (no File Meta Information)");
                return;
            }
            if (tooLarge) {
                fail(sopClass, sopInstance, Status.OUT_OF_RESOURCES, "larger than "
                        + DicomResultReceiver.MAX_OBJECT_BYTES + " bytes");
                return;
            }
            byte[] dataSet = Arrays.copyOfRange(bytes, (int) header.dataSetOffset(), bytes.length);
            String studyProblem = studyProblem(dataSet, header);
            if (studyProblem != null) {
                fail(sopClass, sopInstance, Status.PROCESSING_FAILURE, studyProblem);
                return;
            }
            IncomingResult incoming = new IncomingResult(sopClass, sopInstance, header.transferSyntax().uid(),
                    "dicomweb:" + caller.name(), "dicomweb", job -> job.algorithmId().equals(caller.name()), true);
            try {
                receiver.receive(incoming, dataSet);
                synchronized (this) {
                    referenced.add(new StowResponse.Item(sopClass, sopInstance, null, null));
                }
            } catch (DimseException e) {
                fail(sopClass, sopInstance, e.status(), e.getMessage());
            }
        }

        /** PS3.18 10.5.1: with a study in the path, every instance must belong to it. */
        private String studyProblem(byte[] dataSet, Part10File header) {
            if (studyOrNull == null) {
                return null;
            }
            try {
                Attributes object = new DicomReader(new ByteArrayInputStream(dataSet), header.transferSyntax(),
                        dataSet.length).readDataSetUntil(Tag.PixelData);
                String study = object.getString(Tag.StudyInstanceUID);
                return studyOrNull.equals(study) ? null : "the instance belongs to study " + study
                        + ", not to " + studyOrNull + " named in the request";
            } catch (IOException | RuntimeException e) {
                return null; // the results path reads it again and says why it cannot
            }
        }

        private synchronized void fail(String sopClass, String sopInstance, Status status, String why) {
            failed.add(new StowResponse.Item(sopClass, sopInstance, status.code(), why));
            warn(sopInstance + ": " + why);
        }

        private synchronized void warn(String words) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(words);
            }
        }

        private void ended() {
            if (over) {
                return;
            }
            try {
                parser.end();
            } catch (MultipartException e) {
                stop(400, e.getMessage());
                return;
            }
            judged.onComplete(v -> answer());
        }

        private synchronized void answer() {
            if (referenced.isEmpty() && failed.isEmpty()) {
                Responses.error(ctx, 400, "no DICOM instance in the body" + (warnings.isEmpty() ? ""
                        : ": " + String.join("; ", warnings)));
                return;
            }
            // PS3.18 Table 10.5.3-1
            int status = failed.isEmpty() ? 200 : referenced.isEmpty() ? 409 : 202;
            StowResponse response = new StowResponse(referenced, failed, null);
            for (String words : warnings) {
                // RFC 7234 5.5: warn-code 299, warn-agent, quoted text (quotes and controls out)
                ctx.response().headers().add("Warning", "299 varde \"" + words.replaceAll("[\"\\\\\\p{Cntrl}]", " ") + "\"");
            }
            LOG.info("STOW-RS from {}: {} stored, {} failed", caller.describe(), referenced.size(), failed.size());
            ctx.response().setStatusCode(status).putHeader("Content-Type", accept)
                    .end(DICOM_XML.equals(accept) ? response.toXml() : response.toJson().encode());
        }
    }
}
