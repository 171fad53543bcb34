package org.varde.gateway.assembly;

import io.vertx.core.Future;

/**
 * Receives complete studies: routing and job creation. The generation counts as handed over only
 * when the returned future succeeds; a failed (or never completed) hand-over is repeated by the
 * assembler's sweep, on this node or another, so the listener must be idempotent per
 * (study, generation) — the job store's unique (study, algorithm, generation) makes it so.
 */
@FunctionalInterface
public interface StudyCompletionListener {
    Future<Void> completed(StudyCompleted study);
}
