package org.varde.testdata.sandbox.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.testdata.Finding;
import org.varde.testdata.detect.DetectionReport;
import org.varde.testdata.detect.FindingDetector;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A skeletal X-ray fracture detector sold as a REST service, for tests, benchmarks and the demo. Its
 * API, on a real HTTP socket:
 * <ul>
 * <li>{@code POST /jobs}: {@code multipart/form-data} with a {@code job} part (JSON: study reference,
 * optional {@code callback: {url, secret}}) and {@code instance} parts (DICOM) or one
 * {@code application/zip} part holding the instances (unpacked, bounded); an
 * {@code Idempotency-Key} header is required. Answers 202 {@code {id, state, statusUrl, resultUrl}};
 * a key it has seen is answered with the job it already has, which is not processed again.</li>
 * <li>{@code GET /jobs/{id}}: {@code {state: running|done|failed, resultUrl}}.</li>
 * <li>{@code GET /jobs/{id}/result}: its own JSON shape ({@link FractureReport}).</li>
 * </ul>
 * Asynchronous: the job is answered at once, the detector runs on a worker over the files it received
 * (deleted afterwards: it keeps no image), then it calls the job's callback with
 * {@code Authorization: Bearer <secret>} and {@code {state: done, resultUrl}}. While
 * {@link #healthy(boolean) unhealthy} it answers every POST 503. It counts what it saw.
 */
public final class SandboxRestVendor {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRestVendor.class);

    /**
     * The catalogue's {@code mapping:} block (at no indentation) that reads this vendor's result shape
     * ({@code sandbox-fracturefinder/1}) into Varde's result model: for tests, the bench and
     * {@code varde sandbox}.
     */
    public static final String CATALOGUE_MAPPING = """
            mapping:
              status: /outcome
              statusValues: {positive: [FRACTURE], negative: [NO_FRACTURE], inconclusive: [UNREADABLE]}
              studyInstanceUid: /study/uid
              algorithmName: /model/name
              algorithmVersion: /model/version
              manufacturer: /model/vendor
              suggestedPriority: /triage
              priorityValues: {urgent: [URGENT], routine: [ROUTINE]}
              findings:
                array: /detections
                code: {value: /label/code, system: /label/system, display: /label/text}
                probability: /confidence
                bodySite: {value: /site/code, system: /site/system, display: /site/text}
                measurements:
                  array: /sizes
                  concept: {value: /name/code, system: /name/system, display: /name/text}
                  value: /value
                  unit: /unit
                references: {array: /images, seriesInstanceUid: /series, sopClassUid: /sopClass, sopInstanceUid: /sop}
            """;

    private final Vertx vertx;
    private final Path work;
    private final String name;
    private final String version;
    private final String bearerToken;
    private final FindingDetector detector = FindingDetector.of(Finding.FRACTURE);
    private final Map<String, VendorJob> byKey = new ConcurrentHashMap<>();
    private final Map<String, VendorJob> byId = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> results = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> processedPerKey = new ConcurrentHashMap<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger resends = new AtomicInteger();
    private final AtomicInteger refusedWhileDown = new AtomicInteger();
    private final AtomicInteger instancesReceived = new AtomicInteger();
    private final AtomicInteger zipsReceived = new AtomicInteger();
    private final List<Integer> callbackAnswers = new CopyOnWriteArrayList<>();
    private final List<JsonObject> jobDocuments = new CopyOnWriteArrayList<>();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Map<String, Boolean> answerLost = new ConcurrentHashMap<>();
    private volatile RestMisbehaviour misbehaviour = RestMisbehaviour.NONE;
    private volatile Duration slowBy = Duration.ofSeconds(5);
    private HttpServer server;
    private HttpClient client;
    private int port;

    /**
     * @param work        a folder for the instances of jobs being processed (emptied job by job)
     * @param bearerToken the token Varde must present, or null to take anyone
     */
    public SandboxRestVendor(Vertx vertx, Path work, String name, String version, String bearerToken) {
        this.vertx = vertx;
        this.work = work;
        this.name = name;
        this.version = version;
        this.bearerToken = bearerToken;
    }

    public SandboxRestVendor misbehave(RestMisbehaviour how) {
        this.misbehaviour = how;
        return this;
    }

    public SandboxRestVendor slowBy(Duration delay) {
        this.slowBy = delay;
        return this;
    }

    /** While false, every job's POST is answered 503 (an outage); true again, it takes jobs. */
    public void healthy(boolean up) {
        healthy.set(up);
    }

    public Future<Integer> listen(String host, int wantedPort) {
        client = vertx.createHttpClient();
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(wantedPort, host).map(s -> {
            port = s.actualPort();
            return port;
        });
    }

    public int port() {
        return port;
    }

    /** Where Varde posts jobs. */
    public String jobsUrl() {
        return "http://127.0.0.1:" + port + "/jobs";
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (bearerToken != null && !("Bearer " + bearerToken).equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                    .end("{\"error\":\"unauthorized\"}");
            return;
        }
        if (request.method() == HttpMethod.POST && path.equals("/jobs")) {
            post(request);
        } else if (request.method() == HttpMethod.GET && path.matches("/jobs/[0-9a-f-]{36}")) {
            status(request, path.substring("/jobs/".length()));
        } else if (request.method() == HttpMethod.GET && path.matches("/jobs/[0-9a-f-]{36}/result")) {
            result(request, path.substring("/jobs/".length(), path.length() - "/result".length()));
        } else {
            request.response().setStatusCode(404).end("{\"error\":\"no such resource\"}");
        }
    }

    private void post(HttpServerRequest request) {
        posts.incrementAndGet();
        if (!healthy.get()) {
            refusedWhileDown.incrementAndGet();
            request.response().setStatusCode(503).putHeader("Retry-After", "1")
                    .end("{\"error\":\"down for maintenance\"}");
            return;
        }
        if (misbehaviour == RestMisbehaviour.HTTP_500) {
            request.response().setStatusCode(500).end("{\"error\":\"NullPointerException in JobController\"}");
            return;
        }
        String key = request.getHeader("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 255) {
            request.response().setStatusCode(400).end("{\"error\":\"Idempotency-Key header required\"}");
            return;
        }
        VendorJob known = byKey.get(key);
        if (known != null) {
            // the same job again: answered with what the vendor has, never processed twice
            resends.incrementAndGet();
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(answer(known).encode());
            return;
        }
        receive(request, key);
    }

    private void receive(HttpServerRequest request, String key) {
        Path folder = work.resolve(UUID.randomUUID().toString());
        List<Path> files = new ArrayList<>();
        List<Future<Void>> written = new ArrayList<>();
        // a folder of its own per job, made before the first part can arrive (a few microseconds)
        vertx.fileSystem().mkdirsBlocking(folder.toString());
        request.setExpectMultipart(true);
        List<Path> archives = new ArrayList<>();
        request.uploadHandler(upload -> {
            // the vendor names its own files: nothing the client sent becomes a path
            boolean zip = "application/zip".equalsIgnoreCase(upload.contentType());
            Path file = zip ? folder.resolve("study-" + (archives.size() + 1) + ".zip")
                    : folder.resolve((files.size() + 1) + ".dcm");
            (zip ? archives : files).add(file);
            written.add(upload.streamToFileSystem(file.toString()));
        });
        request.endHandler(v -> Future.join(written)
                .compose(w -> archives.isEmpty() ? Future.succeededFuture()
                        : vertx.executeBlocking(() -> unzip(archives, folder, files), false))
                .onComplete(all -> {
            String jobPart = request.getFormAttribute("job");
            JsonObject job;
            try {
                job = new JsonObject(jobPart);
            } catch (RuntimeException e) {
                request.response().setStatusCode(400).end("{\"error\":\"no job part\"}");
                return;
            }
            if (all.failed() || files.isEmpty()) {
                request.response().setStatusCode(400).end("{\"error\":\"no instance received whole\"}");
                return;
            }
            VendorJob vendorJob = new VendorJob(UUID.randomUUID().toString(), key,
                    job.getJsonObject("study", new JsonObject()).getString("studyInstanceUid"), files.size(),
                    job.getJsonObject("callback"));
            VendorJob first = byKey.putIfAbsent(key, vendorJob);
            if (first != null) {
                // two POSTs with one key raced: the first one is the job
                resends.incrementAndGet();
                request.response().setStatusCode(200).end(answer(first).encode());
                return;
            }
            jobDocuments.add(job);
            instancesReceived.addAndGet(files.size());
            byId.put(vendorJob.id(), vendorJob);
            states.put(vendorJob.id(), "running");
            process(vendorJob, files, folder);
            if (misbehaviour == RestMisbehaviour.LOSE_FIRST_ANSWER && answerLost.putIfAbsent(key, true) == null) {
                request.connection().close();
                return;
            }
            request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                    .end(answer(vendorJob).encode());
        }));
    }

    /**
     * The instances of each ZIP part, written as numbered files beside the others (entry names are
     * the client's and never become paths); bounded in entries and bytes, as a vendor must be.
     */
    private Void unzip(List<Path> archives, Path folder, List<Path> files) throws IOException {
        for (Path archive : archives) {
            zipsReceived.incrementAndGet();
            long total = 0;
            try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                    new BufferedInputStream(Files.newInputStream(archive)))) {
                for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (files.size() >= MAX_ZIP_ENTRIES) {
                        throw new IOException("more than " + MAX_ZIP_ENTRIES + " entries");
                    }
                    Path file = folder.resolve((files.size() + 1) + ".dcm");
                    try (var out = Files.newOutputStream(file)) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int n; (n = zip.read(chunk)) >= 0; ) {
                            total += n;
                            if (total > MAX_ZIP_BYTES) {
                                throw new IOException("the archive inflates past " + MAX_ZIP_BYTES + " bytes");
                            }
                            out.write(chunk, 0, n);
                        }
                    }
                    files.add(file);
                }
            } finally {
                Files.deleteIfExists(archive);
            }
        }
        return null;
    }

    private static final int MAX_ZIP_ENTRIES = 10_000;
    private static final long MAX_ZIP_BYTES = 4L * 1024 * 1024 * 1024;

    /** How many ZIP parts it unpacked. */
    public int zipsReceived() {
        return zipsReceived.get();
    }

    private JsonObject answer(VendorJob job) {
        String state = states.getOrDefault(job.id(), "running");
        return new JsonObject().put("id", job.id()).put("state", state)
                .put("statusUrl", "/jobs/" + job.id()).put("resultUrl", "/jobs/" + job.id() + "/result");
    }

    private void process(VendorJob job, List<Path> files, Path folder) {
        if (misbehaviour == RestMisbehaviour.HANG) {
            deleteLater(folder);
            return;
        }
        vertx.executeBlocking(() -> detect(job, files), false).onComplete(done -> {
            deleteLater(folder);
            processedPerKey.computeIfAbsent(job.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            if (done.failed()) {
                LOG.warn("sandbox REST vendor: job {} failed: {}", job.id(), done.cause().toString());
                states.put(job.id(), "failed");
                results.put(job.id(), new JsonObject().put("error", done.cause().getMessage()));
                finish(job, "failed");
                return;
            }
            results.put(job.id(), done.result());
            long delay = misbehaviour == RestMisbehaviour.SLOW ? Math.max(1, slowBy.toMillis()) : 0;
            if (delay > 0) {
                vertx.setTimer(delay, t -> finish(job, "done"));
            } else {
                finish(job, "done");
            }
        });
    }

    private JsonObject detect(VendorJob job, List<Path> files) throws IOException {
        DetectionReport report = detector.detect(files);
        Map<String, String> classes = new HashMap<>();
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                Part10File header = Part10.readHeader(in);
                classes.put(header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID),
                        header.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID));
            }
        }
        String study = misbehaviour == RestMisbehaviour.WRONG_STUDY ? "2.25." + Math.abs(UUID.randomUUID()
                .getMostSignificantBits()) : job.studyInstanceUid();
        String reported = misbehaviour == RestMisbehaviour.OTHER_VERSION ? version + "-unapproved" : version;
        return FractureReport.of(report, study, name, reported, classes);
    }

    private void finish(VendorJob job, String state) {
        states.put(job.id(), state);
        if (job.callback() == null) {
            return;
        }
        JsonObject body = new JsonObject().put("state", state)
                .put("resultUrl", "http://127.0.0.1:" + port + "/jobs/" + job.id() + "/result");
        if ("failed".equals(state)) {
            body.put("error", results.get(job.id()).getString("error"));
        }
        client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setAbsoluteURI(job.callback().getString("url"))
                        .putHeader("Authorization", "Bearer " + job.callback().getString("secret"))
                        .putHeader("Content-Type", "application/json"))
                .compose(r -> r.send(body.toBuffer()))
                .compose(response -> response.body().map(b -> response.statusCode()))
                .onComplete(answered -> {
                    callbackAnswers.add(answered.succeeded() ? answered.result() : -1);
                    if (answered.failed()) {
                        LOG.warn("sandbox REST vendor: callback for job {} failed: {}", job.id(),
                                answered.cause().toString());
                    }
                });
    }

    private void status(HttpServerRequest request, String id) {
        VendorJob job = byId.get(id);
        if (job == null) {
            request.response().setStatusCode(404).end("{\"error\":\"no such job\"}");
            return;
        }
        request.response().putHeader("Content-Type", "application/json").end(answer(job).encode());
    }

    private void result(HttpServerRequest request, String id) {
        JsonObject result = results.get(id);
        if (result == null || !"done".equals(states.get(id))) {
            request.response().setStatusCode(404).end("{\"error\":\"no result yet\"}");
            return;
        }
        Buffer body = switch (misbehaviour) {
            case GARBAGE -> Buffer.buffer("<html><body>Internal error: result store unavailable</body></html>");
            case TRUNCATED -> {
                String text = result.encode();
                yield Buffer.buffer(text.substring(0, text.length() / 2));
            }
            default -> result.toBuffer();
        };
        request.response().putHeader("Content-Type", "application/json").end(body);
    }

    private void deleteLater(Path folder) {
        vertx.fileSystem().deleteRecursive(folder.toString()).onFailure(e -> { });
    }

    /** Every job's POST received, resends and refusals included. */
    public int posts() {
        return posts.get();
    }

    /** POSTs answered with a job the vendor already had (same Idempotency-Key). */
    public int resends() {
        return resends.get();
    }

    /** POSTs answered 503 while it was down. */
    public int refusedWhileDown() {
        return refusedWhileDown.get();
    }

    /** Jobs it ran the detector on. */
    public int processed() {
        return processedPerKey.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** How many times each Idempotency-Key's job was processed: 1 each, if idempotency holds. */
    public Map<String, Integer> processedPerKey() {
        Map<String, Integer> copy = new HashMap<>();
        processedPerKey.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public int instancesReceived() {
        return instancesReceived.get();
    }

    /** The HTTP status Varde answered each callback with (-1: no answer). */
    public List<Integer> callbackAnswers() {
        return List.copyOf(callbackAnswers);
    }

    /** The {@code job} parts it received, as sent. */
    public List<JsonObject> jobDocuments() {
        return List.copyOf(jobDocuments);
    }

    public Future<Void> close() {
        Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
        return closing.compose(v -> client == null ? Future.succeededFuture() : client.close());
    }
}
