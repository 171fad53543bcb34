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

import java.io.IOException;
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
 * title (or misbehaves as told: silent, garbage, another study, another algorithm version).
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
        server = DicomServer.create(vertx, options, this::begin, this);
        return server.listen();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
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
        ResultsAnswer how = answer;
        if (released && how != null && received != null && !received.isEmpty()
                && how.misbehaviour() != ResultsAnswer.Misbehaviour.SILENT) {
            sendResult(how, received);
        }
    }

    private void sendResult(ResultsAnswer how, List<ReceivedInstance> received) {
        Attributes report = report(how, received);
        reportsSent.add(report);
        vertx.executeBlocking(() -> {
            Path file = Files.createTempFile("sandbox-result-", ".dcm");
            Part10.writeFile(file, report, TransferSyntax.EXPLICIT_LE);
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

    private static Attributes report(ResultsAnswer how, List<ReceivedInstance> received) {
        String study = received.get(0).studyInstanceUid();
        return switch (how.misbehaviour()) {
            case WRONG_STUDY -> Tid1500Report.of(received, UID.generate(), how.algorithmName(), how.version(),
                    how.findings());
            case OTHER_VERSION -> Tid1500Report.of(received, study, how.algorithmName(), how.version() + "-unapproved",
                    how.findings());
            case GARBAGE -> garbage(Tid1500Report.of(received, study, how.algorithmName(), how.version(),
                    how.findings()));
            default -> Tid1500Report.of(received, study, how.algorithmName(), how.version(), how.findings());
        };
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
        if (answer != null) {
            List<ReceivedInstance> received = receivedPerAssociation.computeIfAbsent(associationId,
                    k -> new CopyOnWriteArrayList<>());
            return new HeaderCapturingSink(request, received::add, () -> answer(associationId));
        }
        return new CountingStoreSink(() -> answer(associationId));
    }

    private Future<Status> answer(long associationId) {
        Duration delay = answerDelay;
        if (delay.isZero()) {
            return Future.succeededFuture(stored(associationId));
        }
        Promise<Status> answer = Promise.promise();
        vertx.setTimer(delay.toMillis(), id -> answer.complete(stored(associationId)));
        return answer.future();
    }

    private Status stored(long associationId) {
        stored.incrementAndGet();
        int answered = answeredPerAssociation.computeIfAbsent(associationId, k -> new AtomicInteger()).incrementAndGet();
        if (answered == dispatchSize) {
            active.decrementAndGet();
        }
        return Status.SUCCESS;
    }
}
