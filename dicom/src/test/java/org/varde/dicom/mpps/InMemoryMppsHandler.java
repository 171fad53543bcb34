package org.varde.dicom.mpps;

import io.vertx.core.Future;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.dimse.MppsRequest;
import org.varde.dicom.dimse.MppsResponse;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An MPPS handler that keeps steps in a map and applies {@link MppsRules}, as the gateway's will. */
final class InMemoryMppsHandler implements MppsHandler {
    final Map<String, Attributes> steps = new ConcurrentHashMap<>();
    final List<MppsRequest> creates = new CopyOnWriteArrayList<>();
    final List<MppsRequest> sets = new CopyOnWriteArrayList<>();

    @Override
    public Future<MppsResponse> create(MppsRequest request) {
        creates.add(request);
        if (steps.containsKey(request.sopInstanceUid())) {
            return Future.succeededFuture(MppsResponse.failure(Status.DUPLICATE_SOP_INSTANCE, "step exists"));
        }
        return MppsRules.refuseCreate(request.dataSet()).map(Future::succeededFuture).orElseGet(() -> {
            steps.put(request.sopInstanceUid(), request.dataSet());
            return Future.succeededFuture(MppsResponse.success());
        });
    }

    @Override
    public Future<MppsResponse> set(MppsRequest request) {
        sets.add(request);
        Attributes step = steps.get(request.sopInstanceUid());
        if (step == null) {
            return Future.succeededFuture(MppsResponse.failure(Status.NO_SUCH_SOP_INSTANCE, "no such step"));
        }
        return MppsRules.refuseSet(MppsRules.status(step), request.dataSet()).map(Future::succeededFuture)
                .orElseGet(() -> {
                    MppsRules.apply(step, request.dataSet());
                    return Future.succeededFuture(MppsResponse.success());
                });
    }
}
