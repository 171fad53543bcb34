package org.varde.gateway.assembly;

import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A completion listener (routing) that records what it was handed and can fail its first calls. */
final class CompletionRecorder implements StudyCompletionListener {
    final List<StudyCompleted> routed = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failuresLeft;

    CompletionRecorder() {
        this(0);
    }

    CompletionRecorder(int failFirst) {
        this.failuresLeft = new AtomicInteger(failFirst);
    }

    @Override
    public Future<Void> completed(StudyCompleted study) {
        calls.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            return Future.failedFuture(new IllegalStateException("job store unavailable (test)"));
        }
        routed.add(study);
        return Future.succeededFuture();
    }

    StudyCompleted only() {
        if (routed.size() != 1) {
            throw new AssertionError("expected one completion, got " + routed);
        }
        return routed.get(0);
    }
}
