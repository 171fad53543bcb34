package org.varde.gateway.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline: tests never sleep a fixed time and hope. */
public final class Poll {
    private Poll() {
    }

    /** @return whether the condition held before the deadline */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }

    public interface IoCondition {
        boolean holds() throws Exception;
    }

    /** The same for a condition that reads files: an exception counts as "not yet". */
    public static boolean untilIo(Duration timeout, IoCondition condition) {
        return until(timeout, () -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                return false;
            }
        });
    }
}
