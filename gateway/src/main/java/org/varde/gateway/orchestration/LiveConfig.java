package org.varde.gateway.orchestration;

import org.varde.gateway.assembly.CompletionPolicy;
import org.varde.gateway.assembly.RouteCompletionPolicy;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.routing.StudyFacts;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configuration in force, swapped whole on a reload: the gateway settings and the routing
 * (catalogue and routes) that belong to them. Readers take one {@link #current()} and use it for a
 * whole decision, so no decision mixes an old catalogue with new routes.
 */
public final class LiveConfig {
    /** One consistent version of everything that may change without a restart. */
    public record Snapshot(GatewayConfig config, RoutingConfig routing, CompletionPolicy completion) {
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    public LiveConfig(GatewayConfig config, RoutingConfig routing) {
        swap(config, routing);
    }

    public Snapshot current() {
        return current.get();
    }

    void swap(GatewayConfig config, RoutingConfig routing) {
        CompletionPolicy completion = new RouteCompletionPolicy(routing.routes(), config.completion().defaultIdle(),
                config.completion().mppsGrace(), config.completion().seriesSettle());
        current.set(new Snapshot(config, routing, completion));
    }

    /** The completion policy of whatever routes are in force when each instance arrives. */
    public CompletionPolicy completionPolicy() {
        return new CompletionPolicy() {
            @Override
            public Duration idleTimeout(InstanceRecord instance) {
                return current().completion().idleTimeout(instance);
            }

            @Override
            public boolean watchesSeries(InstanceRecord instance) {
                return current().completion().watchesSeries(instance);
            }

            @Override
            public Optional<Duration> expectedSeriesSettle(StudyFacts generation) {
                return current().completion().expectedSeriesSettle(generation);
            }

            @Override
            public Duration mppsGrace() {
                return current().completion().mppsGrace();
            }
        };
    }
}
