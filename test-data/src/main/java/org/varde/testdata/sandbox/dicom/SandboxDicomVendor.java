package org.varde.testdata.sandbox.dicom;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.AssociationInfo;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.RejectReason;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor's storage SCP for tests, benchmarks and the demo, on Varde's own {@link DicomServer} over a
 * real socket: it keeps no image, answers each C-STORE (after a delay, if told, so calls overlap),
 * refuses every instance with A700 while unhealthy or one chosen instance with a chosen status, and
 * counts what it saw: instances stored, association requests, dispatches on the wire at once.
 *
 * <p>A dispatch counts as on the wire from its association's acceptance to the answer of its
 * {@link #dispatchSize(int) last instance}. That answer is sent before the sender can release and
 * start its next call, so the count is exact; counting until the socket closes would race the next
 * call's connect.
 */
public final class SandboxDicomVendor implements AssociationListener {
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
