package org.varde.testdata.sandbox.dicomweb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.web.MultipartException;
import org.varde.dicom.web.MultipartParser;
import org.varde.testdata.Finding;
import org.varde.testdata.detect.Detection;
import org.varde.testdata.detect.DetectionReport;
import org.varde.testdata.detect.FindingDetector;
import org.varde.testdata.sandbox.dicom.ReceivedInstance;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.Tid1500Report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor's CT pulmonary-embolism algorithm reached by DICOMweb, for tests, benchmarks and the demo:
 * a Vert.x HTTP server on a real socket takes STOW-RS requests at {@code /dicom-web/studies}, spools
 * each part to a file as it streams in (nothing held whole), answers with a PS3.18 STOW-RS response,
 * runs the sandbox {@link FindingDetector} for PE on what it received, and stores a TID 1500 SR at
 * Varde's STOW-RS endpoint with its vendor token. Told to {@link #keepingResults() keep its results},
 * it pushes nothing and serves them instead: QIDO-RS at {@code /dicom-web/studies/{study}/instances}
 * (PS3.18 10.6) and WADO-RS at {@code /dicom-web/studies/{study}/series/{series}/instances/{sop}}
 * (PS3.18 10.4, {@code multipart/related; type="application/dicom"}), for Varde to poll. Told to, it
 * misbehaves ({@link WebAnswer.Misbehaviour}), for all studies or for one study.
 */
public final class SandboxDicomWebVendor {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxDicomWebVendor.class);
    public static final String ROOT = "/dicom-web";

    private final Vertx vertx;
    private final Path spool;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, WebAnswer.Misbehaviour> perStudy = new ConcurrentHashMap<>();
    private final List<PushOutcome> pushes = new CopyOnWriteArrayList<>();
    private final List<DetectionReport> detections = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger instancesReceived = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile WebAnswer answer;
    private volatile WebAnswer.Misbehaviour misbehaviour = WebAnswer.Misbehaviour.NONE;
    private volatile String expectedAuthorization;
    private volatile boolean keepResults;
    /** Results kept for polling, by the study the vendor was sent: SOP Instance UID to Part 10 file. */
    private final Map<String, Map<String, KeptResult>> kept = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    /** When each QIDO-RS query arrived, in order: a poll schedule is checked against these. */
    private final List<java.time.Instant> queryTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean withholding;
    private final AtomicInteger retrievals = new AtomicInteger();
    private final List<ReceivedInstance> received = new CopyOnWriteArrayList<>();
    private volatile Path keepReceivedIn;
    private HttpServer server;

    /** A result kept for polling: where WADO-RS finds it. */
    private record KeptResult(String study, String series, String sopClassUid, String sopInstanceUid, Path file) {
    }

    /** @param spool where received instances are kept until the detector has read them */
    public SandboxDicomWebVendor(Vertx vertx, Path spool) {
        this.vertx = vertx;
        this.spool = spool;
    }

    /** How it answers; null: it stores studies and sends no result. */
    public SandboxDicomWebVendor answering(WebAnswer how) {
        this.answer = how;
        return this;
    }

    /** Misbehaves so for every study without its own misbehaviour. */
    public SandboxDicomWebVendor misbehaving(WebAnswer.Misbehaviour how) {
        this.misbehaviour = how;
        return this;
    }

    /** Misbehaves so for this study only. */
    public SandboxDicomWebVendor misbehavingFor(String studyInstanceUid, WebAnswer.Misbehaviour how) {
        perStudy.put(studyInstanceUid, how);
        return this;
    }

    /** Keeps each result to be polled (QIDO-RS, WADO-RS) instead of pushing it to Varde. */
    public SandboxDicomWebVendor keepingResults() {
        this.keepResults = true;
        return this;
    }

    /**
     * Copies every instance it receives into {@code dir} (one folder per STOW-RS request) before it
     * cleans up: the bytes exactly as they left Varde, for a test to inspect.
     */
    public SandboxDicomWebVendor keepingReceivedIn(Path dir) {
        this.keepReceivedIn = dir;
        return this;
    }

    /** Refuses STOW-RS requests without {@code Authorization: Bearer token} (401). */
    public SandboxDicomWebVendor requireToken(String token) {
        this.expectedAuthorization = "Bearer " + token;
        return this;
    }

    public Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** Varde's answers to the results this vendor pushed, in order. */
    public List<PushOutcome> pushes() {
        return List.copyOf(pushes);
    }

    public List<DetectionReport> detections() {
        return List.copyOf(detections);
    }

    public int requests() {
        return requests.get();
    }

    public int instancesReceived() {
        return instancesReceived.get();
    }

    /** The headers of every instance received, as sent (pseudonymised where Varde pseudonymised). */
    public List<ReceivedInstance> received() {
        return List.copyOf(received);
    }

    /** When each QIDO-RS query arrived, oldest first. */
    public List<java.time.Instant> queryTimes() {
        return List.copyOf(queryTimes);
    }

    /** While withholding, QIDO-RS lists no kept result (the algorithm has not finished, as Varde sees it). */
    public SandboxDicomWebVendor withholdingResults(boolean withhold) {
        this.withholding = withhold;
        return this;
    }

    /** QIDO-RS queries answered or hung. */
    public int queries() {
        return queries.get();
    }

    /** WADO-RS retrievals asked for. */
    public int retrievals() {
        return retrievals.get();
    }

    private void handle(HttpServerRequest request) {
        if (request.method().name().equals("GET") && request.path().startsWith(ROOT + "/studies/")) {
            serve(request);
            return;
        }
        if (!(request.method().name().equals("POST") && request.path().equals(ROOT + "/studies"))) {
            request.response().setStatusCode(404).end();
            return;
        }
        requests.incrementAndGet();
        if (expectedAuthorization != null && !expectedAuthorization.equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).end("{\"error\":\"bad token\"}");
            return;
        }
        String boundary = MultipartParser.boundary(request.getHeader("Content-Type"));
        Path dir = spool.resolve("r" + counter.incrementAndGet());
        try {
            Files.createDirectories(dir);
            Receiving receiving = new Receiving(request, dir, boundary);
            receiving.start();
        } catch (IOException | MultipartException e) {
            request.response().setStatusCode(400).end(e.getMessage());
        }
    }

    /** One STOW-RS request: each part written to its own file as it arrives. */
    private final class Receiving implements MultipartParser.Listener {
        private final HttpServerRequest request;
        private final Path dir;
        private final MultipartParser parser;
        private final List<Path> files = new ArrayList<>();
        private Future<Void> writes = Future.succeededFuture();
        private AsyncFile current;

        Receiving(HttpServerRequest request, Path dir, String boundary) throws MultipartException {
            this.request = request;
            this.dir = dir;
            this.parser = new MultipartParser(boundary, this);
        }

        void start() {
            request.handler(chunk -> {
                try {
                    parser.feed(chunk);
                } catch (MultipartException e) {
                    request.response().setStatusCode(400).end(e.getMessage());
                }
            });
            request.endHandler(v -> writes.onComplete(done -> {
                try {
                    parser.end();
                } catch (MultipartException e) {
                    request.response().setStatusCode(400).end(e.getMessage());
                    return;
                }
                received(request, files);
            }));
        }

        @Override
        public void partBegin(Map<String, String> headers) {
            Path file = dir.resolve(String.format("%06d.dcm", files.size() + 1));
            files.add(file);
            AsyncFile opened = vertx.fileSystem().openBlocking(file.toString(),
                    new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true));
            current = opened;
        }

        @Override
        public void partData(Buffer data) {
            AsyncFile file = current;
            // back-pressure: a slow disk slows the sender
            file.write(data);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        }

        @Override
        public void partEnd() {
            AsyncFile file = current;
            writes = writes.compose(v -> file.close());
        }
    }

    private void received(HttpServerRequest request, List<Path> files) {
        vertx.executeBlocking(() -> headers(files), false).onComplete(read -> {
            if (read.failed()) {
                request.response().setStatusCode(400).end("unreadable instance: " + read.cause().getMessage());
                return;
            }
            List<ReceivedInstance> received = read.result();
            instancesReceived.addAndGet(received.size());
            this.received.addAll(received);
            String study = received.isEmpty() ? "" : received.get(0).studyInstanceUid();
            WebAnswer.Misbehaviour how = perStudy.getOrDefault(study, misbehaviour);
            switch (how) {
                case HANG -> LOG.info("sandbox DICOMweb vendor hangs on study {}", study);
                case HTTP_500 -> request.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                        .end("{\"error\":\"sandbox vendor told to fail: inference server down\"}");
                case SLOW -> vertx.setTimer(answer == null ? 1 : answer.slowBy().toMillis(),
                        id -> storedAndAnswer(request, received, files, how));
                default -> storedAndAnswer(request, received, files, how);
            }
        });
    }

    private void storedAndAnswer(HttpServerRequest request, List<ReceivedInstance> received, List<Path> files,
                                 WebAnswer.Misbehaviour how) {
        JsonArray items = new JsonArray();
        for (ReceivedInstance i : received) {
            items.add(new JsonObject()
                    .put("00081150", new JsonObject().put("vr", "UI").put("Value", new JsonArray().add(i.sopClassUid())))
                    .put("00081155", new JsonObject().put("vr", "UI").put("Value", new JsonArray().add(i.sopInstanceUid()))));
        }
        // PS3.18 10.5.3: every instance stored, listed in the Referenced SOP Sequence
        request.response().putHeader("Content-Type", "application/dicom+json")
                .end(new JsonObject().put("00081199", new JsonObject().put("vr", "SQ").put("Value", items)).encode());
        WebAnswer how2 = answer;
        if (how2 == null || how == WebAnswer.Misbehaviour.SILENT || received.isEmpty()) {
            deleteAll(files);
            return;
        }
        vertx.executeBlocking(() -> {
            copyReceived(files);
            DetectionReport report = FindingDetector.of(Finding.PE).detect(files);
            detections.add(report);
            Attributes sr = report(how2, how, received, report);
            if (keepResults) {
                keep(received.get(0).studyInstanceUid(), sr);
                return new PushOutcome(0, "kept for polling", "", sr.getString(Tag.StudyInstanceUID));
            }
            return push(how2, sr);
        }, false).onComplete(done -> {
            deleteAll(files);
            if (done.failed()) {
                LOG.warn("sandbox DICOMweb vendor could not answer: {}", done.cause().toString());
                pushes.add(new PushOutcome(0, done.cause().toString(), "", null));
            } else {
                pushes.add(done.result());
            }
        });
    }

    private void copyReceived(List<Path> files) throws IOException {
        Path into = keepReceivedIn;
        if (into == null || files.isEmpty()) {
            return;
        }
        Path dir = Files.createDirectories(into.resolve(files.get(0).getParent().getFileName()));
        for (Path f : files) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
    }

    /** The SR as a Part 10 file under the study it was sent as (a wrong-study SR still under the asked study). */
    private void keep(String sentStudy, Attributes sr) throws IOException {
        Path dir = Files.createDirectories(spool.resolve("kept"));
        String sop = sr.getString(Tag.SOPInstanceUID);
        Path file = dir.resolve(sop + ".dcm");
        Part10.writeFile(file, sr, TransferSyntax.EXPLICIT_LE);
        kept.computeIfAbsent(sentStudy, k -> new ConcurrentHashMap<>()).put(sop, new KeptResult(sentStudy,
                sr.getString(Tag.SeriesInstanceUID), sr.getString(Tag.SOPClassUID), sop, file));
    }

    /** QIDO-RS and WADO-RS of the kept results; paths are matched against what is kept, never opened as given. */
    private void serve(HttpServerRequest request) {
        if (expectedAuthorization != null && !expectedAuthorization.equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).end("{\"error\":\"bad token\"}");
            return;
        }
        String[] path = request.path().substring(ROOT.length() + 1).split("/");
        // studies/{study}/instances or studies/{study}/series/{series}/instances/{sop}
        String study = path.length > 1 ? path[1] : "";
        WebAnswer.Misbehaviour how = perStudy.getOrDefault(study, misbehaviour);
        Map<String, KeptResult> ofStudy = withholding ? Map.of() : kept.getOrDefault(study, Map.of());
        if (path.length == 3 && path[2].equals("instances")) {
            queries.incrementAndGet();
            queryTimes.add(java.time.Instant.now());
            if (how == WebAnswer.Misbehaviour.QUERY_HANG) {
                LOG.info("sandbox DICOMweb vendor hangs on a QIDO-RS query of study {}", study);
                return;
            }
            JsonArray found = new JsonArray();
            for (KeptResult r : ofStudy.values()) {
                found.add(new JsonObject().put("0020000D", uid(r.study())).put("0020000E", uid(r.series()))
                        .put("00080016", uid(r.sopClassUid())).put("00080018", uid(r.sopInstanceUid())));
            }
            request.response().putHeader("Content-Type", "application/dicom+json").end(found.encode());
            return;
        }
        if (path.length == 6 && path[2].equals("series") && path[4].equals("instances") && ofStudy.containsKey(path[5])) {
            retrievals.incrementAndGet();
            retrieve(request, ofStudy.get(path[5]), how);
            return;
        }
        request.response().setStatusCode(404).end();
    }

    private static JsonObject uid(String value) {
        return new JsonObject().put("vr", "UI").put("Value", new JsonArray().add(value));
    }

    private void retrieve(HttpServerRequest request, KeptResult result, WebAnswer.Misbehaviour how) {
        String boundary = "sandbox-" + UUID.randomUUID();
        var response = request.response().setChunked(true)
                .putHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
        String head = "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
        switch (how) {
            case BROKEN_MULTIPART -> response.end("--not-the-boundary\r\nContent-Type: application/dicom\r\n\r\n"
                    + "this is no DICOM and the close delimiter never comes");
            case ENORMOUS -> {
                response.write(head);
                writeZeros(response, 65L * 1024 * 1024 + 1);
            }
            default -> vertx.fileSystem().readFile(result.file().toString()).onComplete(read -> {
                if (read.failed()) {
                    response.setStatusCode(500).end();
                    return;
                }
                response.write(head);
                response.write(read.result());
                response.end("\r\n--" + boundary + "--\r\n");
            });
        }
    }

    /** Streams zeros with back-pressure, then closes the connection without a close delimiter. */
    private void writeZeros(io.vertx.core.http.HttpServerResponse response, long left) {
        Buffer zeros = Buffer.buffer(new byte[64 * 1024]);
        long remaining = left;
        while (remaining > 0 && !response.writeQueueFull()) {
            response.write(zeros);
            remaining -= zeros.length();
        }
        if (remaining <= 0 || response.closed()) {
            response.reset();
            return;
        }
        long rest = remaining;
        response.drainHandler(v -> writeZeros(response, rest));
    }

    private static Attributes report(WebAnswer answer, WebAnswer.Misbehaviour how, List<ReceivedInstance> received,
                                     DetectionReport detected) {
        String study = received.get(0).studyInstanceUid();
        List<ReportedFinding> findings = findings(detected);
        return switch (how) {
            case WRONG_STUDY -> Tid1500Report.of(received, UID.generate(), answer.algorithmName(), answer.version(), findings);
            case OTHER_VERSION -> Tid1500Report.of(received, study, answer.algorithmName(), answer.version() + "-unapproved",
                    findings);
            case GARBAGE -> garbage(Tid1500Report.of(received, study, answer.algorithmName(), answer.version(), findings));
            default -> Tid1500Report.of(received, study, answer.algorithmName(), answer.version(), findings);
        };
    }

    /** One finding per detection; none: PE looked for and absent. */
    private static List<ReportedFinding> findings(DetectionReport report) {
        if (!report.present()) {
            return List.of(ReportedFinding.absent(Finding.PE));
        }
        List<ReportedFinding> found = new ArrayList<>();
        for (Detection d : report.detections()) {
            found.add(new ReportedFinding(Finding.PE, true, BigDecimal.valueOf(d.diameterMm()).setScale(1, RoundingMode.HALF_UP),
                    BigDecimal.valueOf(d.score()).setScale(2, RoundingMode.HALF_UP), d.sopInstanceUids()));
        }
        return found;
    }

    /** A well-formed SR of the right study whose content is not a TID 1500 report. */
    private static Attributes garbage(Attributes report) {
        Attributes name = new Attributes();
        name.setString(Tag.CodeValue, VR.SH, "GARBAGE");
        name.setString(Tag.CodingSchemeDesignator, VR.SH, "99SANDBOX");
        name.setString(Tag.CodeMeaning, VR.LO, "Not a measurement report");
        report.newSequence(Tag.ConceptNameCodeSequence).add(name);
        report.remove(Tag.ContentSequence);
        return report;
    }

    /** STOW-RS of the SR to Varde, as a vendor would: one part, a Part 10 file, the vendor token. */
    private PushOutcome push(WebAnswer answer, Attributes sr) throws IOException, InterruptedException {
        Path file = Files.createTempFile(spool, "result-", ".dcm");
        try {
            Part10.writeFile(file, sr, TransferSyntax.EXPLICIT_LE);
            String boundary = "sandbox-" + UUID.randomUUID();
            HttpRequest request = HttpRequest.newBuilder(URI.create(answer.resultsUrl() + "/studies"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                    .header("Accept", "application/dicom+json")
                    .header("Authorization", "Bearer " + answer.token())
                    .POST(HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n"),
                            HttpRequest.BodyPublishers.ofFile(file),
                            HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new PushOutcome(response.statusCode(), response.body(),
                    String.join(" | ", response.headers().allValues("Warning")), sr.getString(Tag.StudyInstanceUID));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<ReceivedInstance> headers(List<Path> files) throws IOException {
        return ReceivedInstance.of(files);
    }

    private static void deleteAll(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
                Files.deleteIfExists(f.getParent());
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", f, e.toString());
            }
        }
    }
}
