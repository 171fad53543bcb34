package org.varde.testdata.sandbox.dicom;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.AssociationInfo;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.RejectReason;
import org.varde.dicom.net.StoreOutcome;
import org.varde.dicom.net.StoreScu;

import org.varde.testdata.Finding;
import org.varde.testdata.detect.Detection;
import org.varde.testdata.detect.DetectionReport;
import org.varde.testdata.detect.FindingDetector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor's storage SCP for tests, benchmarks and the demo, on Varde's own {@link DicomServer} over a
 * real socket: it keeps no image, answers each C-STORE (after a delay, if told, so calls overlap),
 * refuses every instance with A700 while unhealthy or one chosen instance with a chosen status, and
 * counts what it saw: instances stored, association requests, dispatches on the wire at once. Told
 * {@link #answering how to answer}, it plays a vendor of the DICOM round trip: when the association
 * that brought a study is released, it sends a TID 1500 SR about it by C-STORE to Varde's results AE
 * title (or misbehaves as told: silent, garbage, another study, another algorithm version). Told to
 * {@linkplain ResultsAnswer#detecting detect}, it keeps each instance of the dispatch in its spool,
 * runs the sandbox detector on them once the association is released, deletes them and reports what
 * the pixels show: the finding present with its diameter, certainty and slices, or absent.
 *
 * <p>A dispatch counts as on the wire from its association's acceptance to the answer of its
 * {@link #dispatchSize(int) last instance}. That answer is sent before the sender can release and
 * start its next call, so the count is exact; counting until the socket closes would race the next
 * call's connect.
 */
public final class SandboxDicomVendor implements AssociationListener {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxDicomVendor.class);
    private final Vertx vertx;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicInteger associationRequests = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger stored = new AtomicInteger();
    private final Map<Long, AtomicInteger> answeredPerAssociation = new ConcurrentHashMap<>();
    private final Map<String, Status> refusals = new ConcurrentHashMap<>();
    private volatile Duration answerDelay = Duration.ZERO;
    private volatile int dispatchSize = Integer.MAX_VALUE;
    private volatile ResultsAnswer answer;
    private final Map<Long, List<ReceivedInstance>> receivedPerAssociation = new ConcurrentHashMap<>();
    private final List<StoreOutcome> resultsSent = new CopyOnWriteArrayList<>();
    private final List<Attributes> reportsSent = new CopyOnWriteArrayList<>();
    private final List<DetectionReport> detections = new CopyOnWriteArrayList<>();
    private final Map<Long, Path> spooledPerAssociation = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> storedPerSop = new ConcurrentHashMap<>();
    private final AtomicInteger spooledCount = new AtomicInteger();
    private volatile Path spool;
    private volatile Path retained;
    private volatile DicomServerOptions options;
    private volatile int port;
    private volatile Duration resultDelay = Duration.ZERO;
    private DicomServer server;

    public SandboxDicomVendor(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Answers each instance this long after it arrived whole. */
    public SandboxDicomVendor answerDelay(Duration delay) {
        this.answerDelay = delay;
        return this;
    }

    /** How many instances one dispatch sends: after the last one the dispatch is no longer on the wire. */
    public SandboxDicomVendor dispatchSize(int instances) {
        this.dispatchSize = instances;
        return this;
    }

    /** Refuses the instance {@code sopInstanceUid} with {@code status} (and its error comment). */
    public SandboxDicomVendor refuse(String sopInstanceUid, Status status) {
        refusals.put(sopInstanceUid, status);
        return this;
    }

    /** Answers every dispatch with a result, as {@code how} says; null stops answering. */
    public SandboxDicomVendor answering(ResultsAnswer how) {
        this.answer = how;
        return this;
    }

    /** Varde's answers to the results this vendor sent, in order. */
    public List<StoreOutcome> resultsSent() {
        return List.copyOf(resultsSent);
    }

    /** The reports this vendor sent (or tried to), in order. */
    public List<Attributes> reportsSent() {
        return List.copyOf(reportsSent);
    }

    /** While unhealthy every instance is refused with A700 Out of Resources. */
    public void healthy(boolean isHealthy) {
        healthy.set(isHealthy);
    }

    /** Listens as {@code aeTitle} at host and port (0: any free port). */
    public Future<Integer> listen(String aeTitle, String host, int port) {
        return listen(DicomServerOptions.defaults(aeTitle, host, port));
    }

    /** Listens with exactly these options (to restrict callers, say). */
    public Future<Integer> listen(DicomServerOptions options) {
        this.options = options;
        server = DicomServer.create(vertx, options, this::begin, this);
        return server.listen().onSuccess(port -> this.port = port);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** An outage: stops listening, so a connection is refused (the port stays this vendor's to come back on). */
    public Future<Void> goDown() {
        DicomServer down = server;
        server = null;
        return down == null ? Future.succeededFuture() : down.close();
    }

    /** Back from an outage: listens again on the same port with the same options. */
    public Future<Integer> comeBack() {
        return goDown().compose(v -> listenAgain(options));
    }

    /**
     * While {@code refuse}, every association is rejected (PS3.8 9.3.4: rejected-permanent, "calling
     * AE title not recognized": its listener then accepts no caller); false accepts them again. It
     * listens anew on the same port either way.
     */
    public Future<Integer> refuseAssociations(boolean refuse) {
        DicomServerOptions o = options;
        DicomServerOptions now = !refuse ? o : new DicomServerOptions(o.aeTitle(), o.bindHost(), o.port(),
                o.maxAssociations(), List.of(), o.acceptedSopClasses(), o.acceptedTransferSyntaxes(), o.maxPduLength(),
                o.artimTimeoutMillis(), o.idleTimeoutMillis(), o.maxPendingConnections(),
                o.maxPendingConnectionsPerHost(), o.otherAeTitles());
        return goDown().compose(v -> listenAgain(now));
    }

    private Future<Integer> listenAgain(DicomServerOptions how) {
        DicomServerOptions samePort = new DicomServerOptions(how.aeTitle(), how.bindHost(), port, how.maxAssociations(),
                how.allowedCallers(), how.acceptedSopClasses(), how.acceptedTransferSyntaxes(), how.maxPduLength(),
                how.artimTimeoutMillis(), how.idleTimeoutMillis(), how.maxPendingConnections(),
                how.maxPendingConnectionsPerHost(), how.otherAeTitles());
        return bind(samePort, 50);
    }

    /** Binds, trying again shortly while the port is still held by the listener just closed. */
    private Future<Integer> bind(DicomServerOptions how, int triesLeft) {
        DicomServer next = DicomServer.create(vertx, how, this::begin, this);
        return next.listen().onSuccess(p -> server = next).recover(failed -> {
            if (triesLeft <= 1 || !(failed instanceof java.net.BindException)) {
                return Future.failedFuture(failed);
            }
            Promise<Integer> again = Promise.promise();
            vertx.setTimer(100, id -> bind(how, triesLeft - 1).onComplete(again));
            return again.future();
        });
    }

    /** Sends each result this long after the dispatch ended (a slow algorithm). */
    public SandboxDicomVendor resultDelay(Duration delay) {
        this.resultDelay = delay;
        return this;
    }

    public int associationRequests() {
        return associationRequests.get();
    }

    public int maxActive() {
        return maxActive.get();
    }

    /** Instances answered with success. */
    public int stored() {
        return stored.get();
    }

    @Override
    public void accepted(AssociationInfo association) {
        associationRequests.incrementAndGet();
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    }

    @Override
    public void ended(AssociationInfo association, boolean released) {
        List<ReceivedInstance> received = receivedPerAssociation.remove(association.associationId());
        Path spooled = spooledPerAssociation.remove(association.associationId());
        ResultsAnswer how = answer;
        boolean answers = released && how != null && received != null && !received.isEmpty()
                && how.misbehaviour() != ResultsAnswer.Misbehaviour.SILENT;
        if (answers && how.detects() != null && spooled != null) {
            detectAndAnswer(how, List.copyOf(received), spooled);
        } else {
            if (answers) {
                sendResult(how, received, how.findings());
            }
            if (spooled != null) {
                vertx.executeBlocking(() -> deleteTree(spooled));
            }
        }
    }

    /**
     * Runs the detector on the files of the dispatch (off the event loop: it reads every slice), then
     * forgets them and answers with what it found. A study it cannot read gets no answer (a vendor
     * whose algorithm failed): Varde's deadline says so.
     */
    private void detectAndAnswer(ResultsAnswer how, List<ReceivedInstance> received, Path spooled) {
        vertx.executeBlocking(() -> {
            try (var files = Files.list(spooled)) {
                List<Path> instances = files.sorted().toList();
                return FindingDetector.of(how.detects()).detect(instances);
            } finally {
                deleteTree(spooled);
            }
        }).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("sandbox vendor's {} detector failed, no answer: {}", how.detects().cliName(),
                        done.cause().toString());
            } else if (done.result().imagesRead() == 0) {
                LOG.warn("sandbox vendor's {} detector found no image it reads, no answer", how.detects().cliName());
            } else {
                detections.add(done.result());
                sendResult(how, received, findings(how.detects(), done.result()));
            }
        });
    }

    /** One finding per detection; none: the finding looked for, absent. */
    private static List<ReportedFinding> findings(Finding finding, DetectionReport report) {
        if (!report.present()) {
            return List.of(ReportedFinding.absent(finding));
        }
        List<ReportedFinding> found = new ArrayList<>();
        for (Detection d : report.detections()) {
            found.add(new ReportedFinding(finding, true, BigDecimal.valueOf(d.diameterMm()).setScale(1, RoundingMode.HALF_UP),
                    BigDecimal.valueOf(d.score()).setScale(2, RoundingMode.HALF_UP), d.sopInstanceUids()));
        }
        return found;
    }

    private void sendResult(ResultsAnswer how, List<ReceivedInstance> received, List<ReportedFinding> findings) {
        Duration delay = resultDelay;
        if (!delay.isZero()) {
            vertx.setTimer(delay.toMillis(), id -> sendResultNow(how, received, findings));
        } else {
            sendResultNow(how, received, findings);
        }
    }

    private void sendResultNow(ResultsAnswer how, List<ReceivedInstance> received, List<ReportedFinding> findings) {
        Attributes report = report(how, received, findings);
        reportsSent.add(report);
        vertx.executeBlocking(() -> {
            Path file = Files.createTempFile("sandbox-result-", ".dcm");
            Part10.writeFile(file, report, TransferSyntax.EXPLICIT_LE);
            if (how.misbehaviour() == ResultsAnswer.Misbehaviour.TRUNCATED) {
                truncate(file);
            }
            return file;
        }).compose(file -> {
            DicomClient client = DicomClient.create(vertx);
            return new StoreScu(vertx, client).send(how.host(), how.port(), how.callingAeTitle(), how.calledAeTitle(),
                    List.of(file)).onComplete(done -> {
                        client.close();
                        deleteQuietly(file);
                    });
        }).onComplete(sent -> {
            if (sent.succeeded()) {
                resultsSent.addAll(sent.result());
            } else {
                LOG.warn("sandbox vendor could not send its result: {}", sent.cause().toString());
                resultsSent.add(new StoreOutcome(null, null, null, sent.cause().toString()));
            }
        });
    }

    private static Attributes report(ResultsAnswer how, List<ReceivedInstance> received,
                                     List<ReportedFinding> findings) {
        String study = received.get(0).studyInstanceUid();
        return switch (how.misbehaviour()) {
            case WRONG_STUDY -> Tid1500Report.of(received, UID.generate(), how.algorithmName(), how.version(),
                    findings);
            case OTHER_VERSION -> Tid1500Report.of(received, study, how.algorithmName(), how.version() + "-unapproved",
                    findings);
            case GARBAGE -> garbage(Tid1500Report.of(received, study, how.algorithmName(), how.version(), findings));
            default -> Tid1500Report.of(received, study, how.algorithmName(), how.version(), findings);
        };
    }

    /**
     * Cuts the file to two thirds of its length: the meta information and the header (patient,
     * study) stay whole, the content tree ends in the middle of an element, as a connection lost
     * mid-write would leave it.
     */
    private static void truncate(Path file) throws IOException {
        long size = Files.size(file);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size * 2 / 3);
        }
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

    /**
     * Deletes a spool folder of one association (flat: files only) and the folder; the files are
     * moved to the {@linkplain #retainReceivedIn retention folder} instead when there is one.
     */
    private Void deleteTree(Path dir) throws IOException {
        Path keep = retained;
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    if (keep != null) {
                        Files.move(f, keep.resolve(dir.getFileName() + "-" + f.getFileName()));
                    } else {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        Files.deleteIfExists(dir);
        return null;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", file, e.toString());
        }
    }

    @Override
    public void rejected(String callingAeTitle, String remoteHost, RejectReason reason) {
        associationRequests.incrementAndGet();
    }

    private StoreSink begin(StoreRequest request) throws DimseException {
        if (!healthy.get()) {
            throw new DimseException(Status.OUT_OF_RESOURCES, "vendor is down for maintenance");
        }
        Status refusal = refusals.get(request.affectedSopInstanceUid());
        if (refusal != null) {
            throw new DimseException(refusal, "sandbox vendor told to refuse this instance");
        }
        long associationId = request.association().associationId();
        String sop = request.affectedSopInstanceUid();
        ResultsAnswer how = answer;
        if (how != null) {
            List<ReceivedInstance> received = receivedPerAssociation.computeIfAbsent(associationId,
                    k -> new CopyOnWriteArrayList<>());
            StoreSink header = new HeaderCapturingSink(request, received::add, () -> answer(associationId, sop));
            if (how.detects() == null) {
                return header;
            }
            return new SpoolingSink(vertx.fileSystem(), spoolFile(associationId, received), request, header);
        }
        return new CountingStoreSink(() -> answer(associationId, sop));
    }

    /**
     * Where an instance of an association is kept until the vendor has answered: a name derived from
     * the association and a counter, never from the peer's UIDs.
     */
    private Path spoolFile(long associationId, List<ReceivedInstance> received) throws DimseException {
        try {
            Path dir = spooledPerAssociation.computeIfAbsent(associationId, id -> spool().resolve("a" + id));
            Files.createDirectories(dir);
            return dir.resolve(String.format("%06d.dcm", spooledCount.incrementAndGet()));
        } catch (IOException | UncheckedIOException e) {
            throw new DimseException(Status.OUT_OF_RESOURCES, "sandbox vendor cannot spool: " + e);
        }
    }

    private synchronized Path spool() {
        if (spool == null) {
            try {
                spool = Files.createTempDirectory("sandbox-dicom-vendor-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spool;
    }

    /** Keeps received instances under {@code dir} (default: a new temporary folder) while detecting. */
    public SandboxDicomVendor spoolDir(Path dir) {
        this.spool = dir;
        return this;
    }

    /**
     * Moves every instance it received and read into {@code dir} instead of deleting it, so that a
     * test can inspect the bytes that reached the vendor (a real vendor's disk).
     */
    public SandboxDicomVendor retainReceivedIn(Path dir) {
        this.retained = dir;
        return this;
    }

    /** What the detector reported for each dispatch it answered, in order. */
    public List<DetectionReport> detections() {
        return List.copyOf(detections);
    }

    /** How many times each SOP Instance UID was answered with success (a resend counts again). */
    public Map<String, Integer> storedPerInstance() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        storedPerSop.forEach((sop, n) -> copy.put(sop, n.get()));
        return copy;
    }

    private Future<Status> answer(long associationId, String sop) {
        Duration delay = answerDelay;
        if (delay.isZero()) {
            return Future.succeededFuture(stored(associationId, sop));
        }
        Promise<Status> answer = Promise.promise();
        vertx.setTimer(delay.toMillis(), id -> answer.complete(stored(associationId, sop)));
        return answer.future();
    }

    private Status stored(long associationId, String sop) {
        stored.incrementAndGet();
        storedPerSop.computeIfAbsent(sop, k -> new AtomicInteger()).incrementAndGet();
        int answered = answeredPerAssociation.computeIfAbsent(associationId, k -> new AtomicInteger()).incrementAndGet();
        if (answered == dispatchSize) {
            active.decrementAndGet();
        }
        return Status.SUCCESS;
    }
}
