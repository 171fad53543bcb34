package org.varde.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.AssociationInfo;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.RejectReason;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor's storage SCP built on Varde's own {@link DicomServer}: it answers each C-STORE after a
 * delay (so calls overlap), refuses every instance with A700 while unhealthy, and counts association
 * requests and how many dispatches were on the wire at once.
 *
 * <p>A dispatch counts as on the wire from its association's acceptance to the answer of its last
 * instance. That answer is sent before the sender can release and start its next call, so the count
 * is exact; counting until the socket closes would race the next call's connect.
 */
final class CountingVendor implements AssociationListener {
    private final Vertx vertx;
    private final int instancesPerDispatch;
    private final long answerDelayMillis;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicInteger associationRequests = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger stored = new AtomicInteger();
    private final Map<Long, AtomicInteger> answeredPerAssociation = new ConcurrentHashMap<>();
    private DicomServer server;

    CountingVendor(Vertx vertx, int instancesPerDispatch, long answerDelayMillis) {
        this.vertx = vertx;
        this.instancesPerDispatch = instancesPerDispatch;
        this.answerDelayMillis = answerDelayMillis;
    }

    Future<Integer> listen() {
        server = DicomServer.create(vertx, DicomServerOptions.defaults("VENDOR", "127.0.0.1", 0), this::begin, this);
        return server.listen();
    }

    Future<Void> close() {
        return server.close();
    }

    void healthy(boolean isHealthy) {
        healthy.set(isHealthy);
    }

    int associationRequests() {
        return associationRequests.get();
    }

    int maxActive() {
        return maxActive.get();
    }

    int stored() {
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
        long associationId = request.association().associationId();
        return new StoreSink() {
            @Override
            public Future<Void> write(Buffer fragment) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Status> end() {
                Promise<Status> answer = Promise.promise();
                vertx.setTimer(answerDelayMillis, id -> {
                    stored.incrementAndGet();
                    int answered = answeredPerAssociation.computeIfAbsent(associationId, k -> new AtomicInteger())
                            .incrementAndGet();
                    if (answered == instancesPerDispatch) {
                        active.decrementAndGet();
                    }
                    answer.complete(Status.SUCCESS);
                });
                return answer.future();
            }

            @Override
            public void abort(Throwable cause) {
            }
        };
    }
}
