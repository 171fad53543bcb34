package org.varde.gateway.assembly;

import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.store.InstanceRecord;

import java.time.Duration;

/**
 * When a study counts as complete, beyond MPPS and explicit requests: the idle timeout after its last
 * instance and the expected-series predicate. Called on worker threads; must not block for long.
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
     * Whether the expected series has arrived, asked after each instance of a watched study with
     * {@code generation}: the series of that instance as it stands in the generation being assembled
     * (all of it for generation 0, its late instances for a follow-up), with the study's attributes.
     */
    default boolean expectedSeriesArrived(StudyFacts generation) {
        return false;
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
