package org.varde.gateway.delivery;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Per sink: outcomes and how long a send takes. Sink names come from configuration only. */
public final class DeliveryMetrics {
    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void outcome(String sink, DeliveryState state) {
        String outcome = switch (state) {
            case DELIVERED -> "delivered";
            case KEPT -> "kept";
            case DEAD_LETTER -> "dead_letter";
            default -> "retry";
        };
        Counter.builder("varde_deliveries_total").description("Delivery attempts by sink and outcome")
                .tag("sink", sink).tag("outcome", outcome).register(registry).increment();
    }

    void sent(String sink, Duration took) {
        Timer.builder("varde_delivery_send_seconds").description("From building a delivery to the peer's acknowledgement")
                .tag("sink", sink).publishPercentileHistogram().register(registry).record(took);
    }
}
