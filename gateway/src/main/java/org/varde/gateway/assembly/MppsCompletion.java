package org.varde.gateway.assembly;

import io.vertx.core.Future;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.dimse.MppsRequest;
import org.varde.dicom.dimse.MppsResponse;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;

import java.util.Optional;

/**
 * The MPPS SCP's handler (PS3.4 F.7) as a completion trigger: steps are stored durably; N-SET
 * COMPLETED completes the step's studies once every referenced instance has arrived, or after the
 * policy's grace; DISCONTINUED completes them at once and is recorded as such. Give it to
 * {@code DicomServer.create(..., mppsHandler, ...)}.
 */
public final class MppsCompletion implements MppsHandler {
    private final StudyAssembler assembler;

    public MppsCompletion(StudyAssembler assembler) {
        this.assembler = assembler;
    }

    @Override
    public Future<MppsResponse> create(MppsRequest request) {
        Optional<MppsResponse> refusal = MppsRules.refuseCreate(request.dataSet());
        if (refusal.isPresent()) {
            return Future.succeededFuture(refusal.get());
        }
        MppsStep step = MppsStep.of(request.dataSet());
        String callingAe = request.association() == null ? null : request.association().callingAeTitle();
        return assembler.blocking(() -> assembler.mpps().create(request.sopInstanceUid(), step, callingAe,
                        assembler.clock().instant()))
                .map(created -> created ? MppsResponse.success()
                        // PS3.7 C.5: 0111, an N-CREATE of an instance that exists
                        : MppsResponse.failure(Status.DUPLICATE_SOP_INSTANCE, "MPPS instance exists"));
    }

    @Override
    public Future<MppsResponse> set(MppsRequest request) {
        return assembler.blocking(() -> assembler.mpps().set(request.sopInstanceUid(), request.dataSet(),
                        assembler.clock().instant(), assembler.policy().mppsGrace()))
                .map(outcome -> {
                    assembler.handOver(outcome.completed());
                    if (outcome.refusal().isEmpty() && outcome.completed().isEmpty()) {
                        // a COMPLETED step waiting for instances: the timer must see its grace deadline
                        assembler.rearm();
                    }
                    return outcome.refusal().orElseGet(MppsResponse::success);
                });
    }
}
