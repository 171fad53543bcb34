package org.varde.gateway.assembly;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/** Studies completed, by trigger and by first completion or update: a bounded set of labels. */
public final class AssemblyMetrics {
    private final MeterRegistry registry;

    public AssemblyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counted once per completed generation, on the node that claimed it (not per hand-over attempt). */
    void completed(StudyCompleted study) {
        Counter.builder("varde.studies.completed")
                .tag("trigger", study.trigger().name().toLowerCase(Locale.ROOT))
                .tag("update", Boolean.toString(study.isUpdate()))
                .description("study generations completed, by the trigger that fired first")
                .register(registry).increment();
    }

    /** Hand-overs to routing that failed and will be repeated by the sweep. */
    void handOverFailed() {
        Counter.builder("varde.studies.handover.failures")
                .description("completed studies whose hand-over to routing failed and is retried")
                .register(registry).increment();
    }
}
