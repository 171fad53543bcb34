package org.varde.gateway.assembly;

import java.time.Duration;
import java.util.Objects;

/**
 * How the study assembler runs on this node.
 *
 * @param nodeId        names this node in the completion records (which node completed a study)
 * @param sweepInterval the safety sweep: completes studies whose deadline passed in the database
 *                      (set by another node, or before a restart) and repeats failed hand-overs
 * @param handOverRetry how long a hand-over to routing may take before the sweep repeats it
 * @param batch         at most this many studies completed or handed over per sweep step
 */
public record AssemblerOptions(String nodeId, Duration sweepInterval, Duration handOverRetry, int batch) {
    public static final Duration DEFAULT_SWEEP = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HAND_OVER_RETRY = Duration.ofSeconds(30);
    public static final int DEFAULT_BATCH = 100;

    public AssemblerOptions {
        Objects.requireNonNull(nodeId, "nodeId");
        requirePositive(sweepInterval, "sweepInterval");
        requirePositive(handOverRetry, "handOverRetry");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1");
        }
    }

    public static AssemblerOptions defaults(String nodeId) {
        return new AssemblerOptions(nodeId, DEFAULT_SWEEP, DEFAULT_HAND_OVER_RETRY, DEFAULT_BATCH);
    }

    public AssemblerOptions withSweepInterval(Duration interval) {
        return new AssemblerOptions(nodeId, interval, handOverRetry, batch);
    }

    public AssemblerOptions withHandOverRetry(Duration retry) {
        return new AssemblerOptions(nodeId, sweepInterval, retry, batch);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
