package org.varde.connectors.algorithm.dicom;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.StoreOutcome;
import org.varde.dicom.net.StoreScu;

import java.time.Duration;
import java.util.List;

/**
 * Sends a study's selected instances to a vendor's storage SCP with Varde's C-STORE SCU, all over one
 * association, and succeeds only when the vendor acknowledged every instance (success or warning).
 *
 * <p>Failures, each a {@link DispatchFailure}: nothing listening, connect refused or timed out →
 * {@code UNREACHABLE}; A-ASSOCIATE-RJ, or no presentation context accepted for a SOP class →
 * {@code REJECTED} (not retryable when PS3.8 9.3.4 says the rejection is permanent); a failure status
 * for any instance → {@code REFUSED} with that status as the vendor's words (not retryable for the
 * statuses PS3.4 B.2.3 says a resend cannot cure);
 * the request's timeout → {@code TIMEOUT} (the association is aborted and the socket closed);
 * an A-ABORT or lost connection mid-call → {@code PROTOCOL}; an unreadable spool file →
 * {@code SOURCE_UNREADABLE}.
 *
 * <p><b>Idempotency over DICOM.</b> C-STORE has no field for a client's idempotency key, so it is
 * honoured by two properties instead: the job store's lease lets one node at a time dispatch a job,
 * so one key never has two senders at once; and a re-send after a crash or a retry carries the same
 * SOP Instance UIDs (the spool files are sent untouched). A SOP Instance UID names one instance for
 * ever (PS3.5 9), so a storage SCP holds a re-sent instance once, keeping or overwriting its copy
 * (Orthanc's {@code OverwriteInstances} picks which), and the vendor does not see a second study.
 * The key is logged with every dispatch so a vendor's logs can be matched to the job.
 *
 * <p>Each dispatch uses its own {@link DicomClient}, so a timeout can close exactly its own socket.
 */
public final class DicomAlgorithmAdapter implements AlgorithmAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DicomAlgorithmAdapter.class);

    private final Vertx vertx;
    private final DicomClientOptions clientOptions;
    private final String callingAeTitle;

    /** @param callingAeTitle ours, as the vendors know us */
    public DicomAlgorithmAdapter(Vertx vertx, DicomClientOptions clientOptions, String callingAeTitle) {
        this.vertx = vertx;
        this.clientOptions = clientOptions;
        this.callingAeTitle = callingAeTitle;
    }

    public DicomAlgorithmAdapter(Vertx vertx, String callingAeTitle) {
        this(vertx, DicomClientOptions.defaults(), callingAeTitle);
    }

    @Override
    public Future<DispatchReceipt> dispatch(DispatchRequest request) {
        if (!(request.endpoint() instanceof DicomEndpoint endpoint)) {
            return Future.failedFuture(DispatchFailure.permanent(Kind.INTERNAL,
                    "the DICOM adapter cannot reach " + request.endpoint().describe()));
        }
        Promise<DispatchReceipt> result = Promise.promise();
        // one context for the timer, StoreScu and the association: abort never races the socket's own events
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> send(request, endpoint, result));
        return result.future();
    }

    private void send(DispatchRequest request, DicomEndpoint endpoint, Promise<DispatchReceipt> result) {
        LOG.info("dispatch key={} algorithm={} study={} instances={} to {}", request.idempotencyKey(),
                request.algorithmId(), request.studyInstanceUid(), request.instances().size(), endpoint.describe());
        long started = System.nanoTime();
        SingleDispatchClient client = new SingleDispatchClient(DicomClient.create(vertx,
                clientOptions.withTls(endpoint.tls())));
        long timer = vertx.setTimer(request.timeout().toMillis(), id -> {
            if (result.tryFail(DispatchFailure.of(Kind.TIMEOUT, "vendor " + endpoint.describe()
                    + " did not acknowledge every instance within " + request.timeout().toMillis() + " ms"))) {
                client.abortAndClose();
            }
        });
        new StoreScu(vertx, client)
                .send(endpoint.host(), endpoint.port(), callingAeTitle, endpoint.aeTitle(),
                        request.instances())
                .transform(sent -> verdict(request, client, sent.result(), sent.cause(), started))
                .onComplete(judged -> {
                    vertx.cancelTimer(timer);
                    client.close();
                    // after a timeout the promise is already failed: what StoreScu says later is moot
                    if (judged.succeeded()) {
                        result.tryComplete(judged.result());
                    } else {
                        result.tryFail(judged.cause());
                    }
                });
        result.future().onComplete(done -> log(request, started, done.result(), done.cause()));
    }

    private static Future<DispatchReceipt> verdict(DispatchRequest request, SingleDispatchClient client,
                                                   List<StoreOutcome> outcomes, Throwable openFailure, long started) {
        if (openFailure != null) {
            return Future.failedFuture(DispatchVerdict.openFailed(openFailure));
        }
        try {
            return Future.succeededFuture(DispatchVerdict.judge(request, outcomes, client.refusedSopClasses(),
                    Duration.ofNanos(System.nanoTime() - started)));
        } catch (DispatchFailure failure) {
            return Future.failedFuture(failure);
        }
    }

    private static void log(DispatchRequest request, long started, DispatchReceipt receipt, Throwable failure) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (receipt != null) {
            LOG.info("dispatch key={} algorithm={} acknowledged {} instances ({} with warning) in {} ms",
                    request.idempotencyKey(), request.algorithmId(), receipt.acknowledgedSopInstanceUids().size(),
                    receipt.warnings(), millis);
        } else {
            LOG.warn("dispatch key={} algorithm={} failed after {} ms: {}", request.idempotencyKey(),
                    request.algorithmId(), millis, failure.toString());
        }
    }
}
