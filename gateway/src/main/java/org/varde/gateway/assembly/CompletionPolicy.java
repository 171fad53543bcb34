package org.varde.gateway.assembly;

import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.store.InstanceRecord;

import java.time.Duration;
import java.util.Optional;

/**
 * When a study counts as complete, beyond MPPS and explicit requests: the idle timeout after its last
 * instance, shortened to a settle time once the expected series has arrived. Called on worker threads;
 * must not block for long.
 * {@link RouteCompletionPolicy} derives it from the routes.
 */
public interface CompletionPolicy {
    /** mercure's study timer is 900 s and MONAI's 5 s; 60 s is the default. */
    Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    /** How long a COMPLETED MPPS waits for referenced instances that have not arrived. */
    Duration DEFAULT_MPPS_GRACE = Duration.ofSeconds(30);

    /** The quiet period after {@code instance} after which its study is complete (per calling AE or route). */
    Duration idleTimeout(InstanceRecord instance);

    /** Whether an expected-series predicate may apply to the study of {@code instance}; false spares a query. */
    default boolean watchesSeries(InstanceRecord instance) {
        return false;
    }

    /**
     * How long the study must stay quiet now that its expected series is there, or empty when it is
     * not: asked after each instance of a watched study with {@code generation}, the series of that
     * instance as it stands in the generation being assembled (all of it for generation 0, its late
     * instances for a follow-up), with the study's attributes. A series matches on its first slice, so
     * this never completes the study by itself: it shortens the deadline to a settle time after the last
     * instance, so a series still streaming in is sent whole.
     */
    default Optional<Duration> expectedSeriesSettle(StudyFacts generation) {
        return Optional.empty();
    }

    default Duration mppsGrace() {
        return DEFAULT_MPPS_GRACE;
    }

    /** The same idle timeout for every study, no expected series, the default MPPS grace. */
    static CompletionPolicy idle(Duration idle) {
        return idle(idle, DEFAULT_MPPS_GRACE);
    }

    static CompletionPolicy idle(Duration idle, Duration mppsGrace) {
        return new CompletionPolicy() {
            @Override
            public Duration idleTimeout(InstanceRecord instance) {
                return idle;
            }

            @Override
            public Duration mppsGrace() {
                return mppsGrace;
            }
        };
    }
}
