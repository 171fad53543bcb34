package org.varde.testdata.sandbox.ups;

import io.vertx.core.buffer.Buffer;
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
import java.io.OutputStream;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor's chest X-ray triage algorithm as an IHE AIW-I Task Performer, pull model, speaking UPS-RS
 * to Varde over real sockets with the JDK's HTTP client and its vendor token: it polls
 * {@code GET /workitems?ProcedureStepState=SCHEDULED}, claims each workitem
 * ({@code PUT /workitems/{uid}/state}, IN PROGRESS with a Transaction UID of its own), retrieves every
 * input series by WADO-RS (multipart, each part spooled to a file as it streams), runs the sandbox
 * opacity detector, stores a TID 1500 SR at Varde's STOW-RS endpoint and completes the workitem. It
 * watches the workitems it holds: one Varde asks to cancel (a cancellation in the Procedure Step
 * Progress Information) it cancels. Told to, it misbehaves ({@link UpsMisbehaviour}).
 * <p>
 * Given an AE Title ({@link #subscribing}), it learns of new workitems by event: it opens Varde's UPS-RS
 * event channel (a WebSocket, PS3.18 8.10.4) and subscribes to the worklist (11.10); a UPS State Report of
 * a SCHEDULED workitem or a UPS Cancel Requested makes it look at once. The query every interval stays as
 * the fallback, and reopens a lost channel.
 */
public final class SandboxUpsVendor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxUpsVendor.class);
    private static final String DICOM_JSON = "application/dicom+json";

    private final URI varde;
    private final String token;
    private final String algorithmName;
    private final String version;
    private final Path spool;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, UpsMisbehaviour> perStudy = new ConcurrentHashMap<>();
    /** Workitems it claimed and holds (never completing them): UID → Transaction UID. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<PerformedWorkitem> log = new CopyOnWriteArrayList<>();
    private final List<DetectionReport> detections = new CopyOnWriteArrayList<>();
    private final AtomicInteger retrieved = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger eventsHeard = new AtomicInteger();
    private volatile UpsMisbehaviour misbehaviour = UpsMisbehaviour.NONE;
    private volatile String aeTitle;
    private volatile java.net.http.WebSocket channel;
    private ScheduledExecutorService poller;

    /**
     * @param varde Varde's base URL ({@code http://host:port}): UPS-RS at {@code /workitems}, DICOMweb at {@code /dicomweb}
     * @param token the vendor token named after the algorithm
     */
    public SandboxUpsVendor(URI varde, String token, String algorithmName, String version, Path spool) {
        this.varde = varde;
        this.token = token;
        this.algorithmName = algorithmName;
        this.version = version;
        this.spool = spool;
    }

    public SandboxUpsVendor misbehaving(UpsMisbehaviour how) {
        this.misbehaviour = how;
        return this;
    }

    public SandboxUpsVendor misbehavingFor(String studyInstanceUid, UpsMisbehaviour how) {
        perStudy.put(studyInstanceUid, how);
        return this;
    }

    /** Subscribes to the worklist as {@code aeTitle} and looks when an event says so (the query stays). */
    public SandboxUpsVendor subscribing(String aeTitle) {
        this.aeTitle = aeTitle;
        return this;
    }

    /**
     * Polls every {@code interval} on a thread of its own until {@link #close()}; subscribing, it first
     * opens its event channel and subscribes (a failure leaves it to the query).
     */
    public SandboxUpsVendor start(Duration interval) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-ups-vendor");
            t.setDaemon(true);
            return t;
        });
        if (aeTitle != null) {
            subscribeQuietly();
        }
        poller.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Event reports it received on its channel (UPS State Report, Cancel Requested, SCP Status Change). */
    public int eventsHeard() {
        return eventsHeard.get();
    }

    private void subscribeQuietly() {
        try {
            subscribe();
        } catch (IOException | RuntimeException e) {
            LOG.info("sandbox UPS vendor: no event channel, querying only: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens the event channel, then subscribes to the worklist (PS3.18 11.10: the channel comes first). */
    private void subscribe() throws IOException, InterruptedException {
        String ae = java.net.URLEncoder.encode(aeTitle, StandardCharsets.UTF_8).replace("+", "%20");
        URI ws = URI.create(varde.toString().replaceFirst("^http", "ws") + "/subscribers/" + ae);
        try {
            channel = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).buildAsync(ws, new Events()).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException("cannot open " + ws + ": " + e.getCause(), e.getCause());
        }
        HttpResponse<String> subscribed = send(request("/workitems/1.2.840.10008.5.1.4.34.5/subscribers/" + ae)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (subscribed.statusCode() != 201) {
            channel.abort();
            channel = null;
            throw new IOException("subscribing answered " + subscribed.statusCode() + ": " + subscribed.body());
        }
        LOG.info("sandbox UPS vendor: subscribed to the worklist as {}", aeTitle);
    }

    /** The event channel's listener: a report that means work makes the poller look now. */
    private final class Events implements java.net.http.WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data,
                                                              boolean last) {
            partial.append(data);
            if (last) {
                heard(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int status, String why) {
            lost(socket);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket socket, Throwable error) {
            lost(socket);
        }

        private void lost(java.net.http.WebSocket socket) {
            if (channel == socket) {
                channel = null;
            }
        }
    }

    private void heard(JsonObject event) {
        eventsHeard.incrementAndGet();
        JsonArray type = array(event, "00001002");
        int id = type.isEmpty() ? 0 : type.getInteger(0);
        // PS3.4 Table CC.2.4-1: 1 UPS State Report (a new workitem is reported as SCHEDULED), 2 Cancel Requested
        if ((id == 1 && "SCHEDULED".equals(string(event, "00741000"))) || id == 2) {
            ScheduledExecutorService p = poller;
            if (p != null && !p.isShutdown()) {
                p.execute(this::pollQuietly);
            }
        }
    }

    public List<PerformedWorkitem> log() {
        return List.copyOf(log);
    }

    public List<DetectionReport> detections() {
        return List.copyOf(detections);
    }

    /** Instances it retrieved by WADO-RS, over all workitems. */
    public int instancesRetrieved() {
        return retrieved.get();
    }

    private void pollQuietly() {
        try {
            if (aeTitle != null && channel == null) {
                subscribeQuietly();
            }
            poll();
        } catch (IOException | RuntimeException e) {
            LOG.info("sandbox UPS vendor: poll failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: new SCHEDULED workitems, then the held ones (a cancellation request is honoured). */
    public void poll() throws IOException, InterruptedException {
        HttpResponse<String> found = send(request("/workitems?ProcedureStepState=SCHEDULED").GET()
                .header("Accept", DICOM_JSON).build());
        if (found.statusCode() == 200) {
            for (Object item : new JsonArray(found.body())) {
                perform((JsonObject) item);
            }
        }
        for (Map.Entry<String, String> h : held.entrySet()) {
            honourCancelRequest(h.getKey(), h.getValue());
        }
    }

    private void perform(JsonObject workitem) throws IOException, InterruptedException {
        String uid = string(workitem, "00080018");
        String study = string(workitem, "0020000D");
        UpsMisbehaviour how = perStudy.getOrDefault(study, misbehaviour);
        if (how == UpsMisbehaviour.NEVER_CLAIMS) {
            if (seen.add(uid)) {
                log.add(new PerformedWorkitem(uid, study, "skipped", 0, "told never to claim"));
            }
            return;
        }
        String transaction = UID.generate();
        HttpResponse<String> claimed = changeState(uid, "IN PROGRESS", transaction, null);
        log.add(new PerformedWorkitem(uid, study, "claimed", claimed.statusCode(), claimed.body()));
        if (claimed.statusCode() != 200) {
            return;
        }
        switch (how) {
            case CLAIMS_NEVER_COMPLETES -> held.put(uid, transaction);
            case CANCELS -> finish(uid, study, "CANCELED", transaction,
                    "sandbox told to cancel: the image is not a PA chest radiograph it can read");
            case COMPLETES_WITHOUT_RESULT -> finish(uid, study, "COMPLETED", transaction, null);
            default -> performFully(workitem, uid, study, transaction);
        }
    }

    private void performFully(JsonObject workitem, String uid, String study, String transaction)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(spool.resolve("w" + counter.incrementAndGet()));
        try {
            List<Path> files = new ArrayList<>();
            int series = 0;
            for (Object item : array(workitem, "00404021")) {
                // each series into its own folder: part numbers start again at 1
                files.addAll(retrieve((JsonObject) item, Files.createDirectories(dir.resolve("s" + series++))));
            }
            retrieved.addAndGet(files.size());
            List<ReceivedInstance> received = headers(files);
            DetectionReport report = FindingDetector.of(Finding.OPACITY).detect(files);
            detections.add(report);
            Attributes sr = Tid1500Report.of(received, study, algorithmName, version, findings(report));
            HttpResponse<String> stored = stow(sr, dir);
            log.add(new PerformedWorkitem(uid, study, "stored", stored.statusCode(), stored.body()));
            finish(uid, study, "COMPLETED", transaction, null);
        } finally {
            deleteAll(dir);
        }
    }

    private void finish(String uid, String study, String state, String transaction, String reason)
            throws IOException, InterruptedException {
        HttpResponse<String> done = changeState(uid, state, transaction, reason);
        log.add(new PerformedWorkitem(uid, study, state.toLowerCase(java.util.Locale.ROOT), done.statusCode(),
                done.body()));
    }

    /** A held workitem whose Procedure Step Progress Information carries a cancellation request is canceled. */
    private void honourCancelRequest(String uid, String transaction) throws IOException, InterruptedException {
        HttpResponse<String> got = send(request("/workitems/" + uid).GET().header("Accept", DICOM_JSON).build());
        if (got.statusCode() != 200) {
            return;
        }
        JsonObject workitem = new JsonArray(got.body()).getJsonObject(0);
        JsonArray progress = array(workitem, "00741002");
        if (progress.isEmpty() || !"IN PROGRESS".equals(string(workitem, "00741000"))) {
            return;
        }
        held.remove(uid);
        String why = string(progress.getJsonObject(0), "00741238");
        HttpResponse<String> canceled = changeState(uid, "CANCELED", transaction, "canceled on Varde's request: " + why);
        log.add(new PerformedWorkitem(uid, string(workitem, "0020000D"), "cancel-honoured", canceled.statusCode(), why));
    }

    /** WADO-RS of one input series: each part to a file as the body streams in. */
    private List<Path> retrieve(JsonObject input, Path dir) throws IOException, InterruptedException {
        JsonArray wado = array(input, "0040E025");
        String url = wado.isEmpty() ? varde + "/dicomweb/studies/" + string(input, "0020000D") + "/series/"
                + string(input, "0020000E") : string(wado.getJsonObject(0), "00081190");
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Accept", "multipart/related; type=\"application/dicom\"").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("WADO-RS answered " + response.statusCode() + ": "
                        + new String(body.readNBytes(2000), StandardCharsets.UTF_8));
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return new PartFiles(dir).read(MultipartParser.boundary(contentType), body);
        } catch (MultipartException e) {
            throw new IOException("WADO-RS answer is not multipart: " + e.getMessage(), e);
        }
    }

    /** Writes each part of a multipart body to a file of its own. */
    private static final class PartFiles implements MultipartParser.Listener {
        private final Path dir;
        private final List<Path> files = new ArrayList<>();
        private OutputStream current;
        private IOException failure;

        PartFiles(Path dir) {
            this.dir = dir;
        }

        List<Path> read(String boundary, InputStream body) throws IOException, MultipartException {
            MultipartParser parser = new MultipartParser(boundary, this);
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = body.read(chunk)) > 0; ) {
                parser.feed(Buffer.buffer(java.util.Arrays.copyOf(chunk, n)));
                if (failure != null) {
                    throw failure;
                }
            }
            parser.end();
            return files;
        }

        @Override
        public void partBegin(Map<String, String> headers) {
            try {
                Path file = dir.resolve(String.format("%06d.dcm", files.size() + 1));
                files.add(file);
                current = Files.newOutputStream(file);
            } catch (IOException e) {
                failure = e;
            }
        }

        @Override
        public void partData(Buffer data) {
            try {
                if (current != null) {
                    current.write(data.getBytes());
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        @Override
        public void partEnd() {
            try {
                if (current != null) {
                    current.close();
                }
            } catch (IOException e) {
                failure = e;
            }
            current = null;
        }
    }

    /** One finding per detection; none: the opacity looked for and absent. */
    private static List<ReportedFinding> findings(DetectionReport report) {
        if (!report.present()) {
            return List.of(ReportedFinding.absent(Finding.OPACITY));
        }
        List<ReportedFinding> found = new ArrayList<>();
        for (Detection d : report.detections()) {
            found.add(new ReportedFinding(Finding.OPACITY, true, BigDecimal.valueOf(d.diameterMm())
                    .setScale(1, RoundingMode.HALF_UP), BigDecimal.valueOf(d.score()).setScale(2, RoundingMode.HALF_UP),
                    d.sopInstanceUids()));
        }
        return found;
    }

    /** STOW-RS of the SR to Varde: one part, a Part 10 file. */
    private HttpResponse<String> stow(Attributes sr, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("result.dcm");
        Part10.writeFile(file, sr, TransferSyntax.EXPLICIT_LE);
        String boundary = "sandbox-" + UUID.randomUUID();
        return send(request("/dicomweb/studies")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", DICOM_JSON)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n"),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build());
    }

    /** PS3.18 11.7.1.4: Procedure Step State and Transaction UID (and, to cancel, the reason). */
    private HttpResponse<String> changeState(String uid, String state, String transaction, String reason)
            throws IOException, InterruptedException {
        JsonObject body = new JsonObject()
                .put("00081195", element("UI", transaction))
                .put("00741000", element("CS", state));
        if (reason != null) {
            body.put("00741238", element("LT", reason));
        }
        return send(request("/workitems/" + uid + "/state").header("Content-Type", DICOM_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(new JsonArray().add(body).encode())).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(varde + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonObject element(String vr, String value) {
        return new JsonObject().put("vr", vr).put("Value", new JsonArray().add(value));
    }

    private static String string(JsonObject dataSet, String tag) {
        JsonObject element = dataSet.getJsonObject(tag);
        JsonArray values = element == null ? null : element.getJsonArray("Value");
        return values == null || values.isEmpty() ? null : values.getString(0);
    }

    private static JsonArray array(JsonObject dataSet, String tag) {
        JsonObject element = dataSet.getJsonObject(tag);
        JsonArray values = element == null ? null : element.getJsonArray("Value");
        return values == null ? new JsonArray() : values;
    }

    private static List<ReceivedInstance> headers(List<Path> files) throws IOException {
        return ReceivedInstance.of(files);
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        java.net.http.WebSocket open = channel;
        if (open != null) {
            open.abort();
        }
    }
}
