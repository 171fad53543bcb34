package org.varde.connectors.algorithm.ups;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dispatch, pull style: the job's instances are made available to the vendor by scheduling a UPS
 * workitem that lists them (Input Information Sequence); the vendor fetches them itself. The receipt
 * names every instance as handed over and carries the workitem's UID; the job then waits for its
 * result (STOW-RS to Varde) as with any other protocol.
 */
final class UpsAlgorithmAdapter implements AlgorithmAdapter {
    /** The vendor handle's key for the workitem's SOP Instance UID. */
    static final String WORKITEM = "workitem";

    private final Vertx vertx;
    private final WorkitemBoard board;

    UpsAlgorithmAdapter(Vertx vertx, WorkitemBoard board) {
        this.vertx = vertx;
        this.board = board;
    }

    @Override
    public Future<DispatchReceipt> dispatch(DispatchRequest request) {
        if (!(request.endpoint() instanceof UpsEndpoint endpoint)) {
            return Future.failedFuture(DispatchFailure.permanent(DispatchFailure.Kind.INTERNAL,
                    "the ups adapter cannot reach a " + request.endpoint().protocol() + " endpoint"));
        }
        long started = System.nanoTime();
        return vertx.executeBlocking(() -> schedule(request, endpoint, started), false);
    }

    /** On a worker: the instances' UIDs from their headers, then the workitem. */
    private DispatchReceipt schedule(DispatchRequest request, UpsEndpoint endpoint, long started)
            throws DispatchFailure {
        List<InputInstance> input = new ArrayList<>();
        for (Path file : request.instances()) {
            input.add(read(file));
        }
        String uid;
        try {
            uid = board.schedule(new ScheduledWorkitem(request.idempotencyKey(), request.algorithmId(),
                    request.studyInstanceUid(), input, endpoint));
        } catch (WorkitemRefusedException e) {
            throw DispatchFailure.permanent(DispatchFailure.Kind.INTERNAL, "workitem not scheduled: " + e.getMessage());
        } catch (RuntimeException e) {
            // the worklist's store failed: ours, and a later attempt may find it back
            throw DispatchFailure.of(DispatchFailure.Kind.INTERNAL, "workitem not scheduled: " + e.getMessage(), e);
        }
        return new DispatchReceipt(request.idempotencyKey(), input.stream().map(InputInstance::sopInstanceUid).toList(),
                0, Duration.ofNanos(System.nanoTime() - started), Map.of(WORKITEM, uid));
    }

    private static InputInstance read(Path file) throws DispatchFailure {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File header = Part10.readHeader(in);
            // everything up to the study and series UIDs (0020,000D/000E), not the pixels
            Attributes a = new DicomReader(in, header.transferSyntax(), Files.size(file)).readDataSetUntil(Tag.StudyID);
            String study = a.getString(Tag.StudyInstanceUID);
            String series = a.getString(Tag.SeriesInstanceUID);
            String sopClass = a.getString(Tag.SOPClassUID);
            String sop = a.getString(Tag.SOPInstanceUID);
            if (!safe(study) || !safe(series) || !safe(sopClass) || !safe(sop)) {
                throw DispatchFailure.permanent(DispatchFailure.Kind.SOURCE_UNREADABLE,
                        "an instance of the job lacks a valid study, series or SOP UID");
            }
            return new InputInstance(study, series, sopClass, sop);
        } catch (IOException | RuntimeException e) {
            throw DispatchFailure.permanent(DispatchFailure.Kind.SOURCE_UNREADABLE,
                    "cannot read an instance of the job: " + e.getMessage());
        }
    }

    private static boolean safe(String uid) {
        return uid != null && UID.isSafe(uid);
    }
}
