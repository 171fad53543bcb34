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

    /**
     * From the last instance of the study arriving to a delivery to {@code sink} being acknowledged;
     * {@code priorityFlag}: the delivery asked the worklist for a priority (the "last instance
     * received → priority flag delivered").
     */
    public void endToEnd(String sink, Duration took, boolean priorityFlag) {
        Timer.builder("varde_delivery_end_to_end_seconds")
                .description("From the last instance of the study received to the delivery acknowledged by the sink")
                .tag("sink", sink).tag("priority_flag", String.valueOf(priorityFlag))
                .publishPercentileHistogram().register(registry).record(took);
    }

    void sent(String sink, Duration took) {
        Timer.builder("varde_delivery_send_seconds").description("From building a delivery to the peer's acknowledgement")
                .tag("sink", sink).publishPercentileHistogram().register(registry).record(took);
    }

    /** A step of a delivery on its lane: {@code prepare} (read, build, validate) or {@code send} (to the peer's answer). */
    void step(String sink, String step, Duration took) {
        Timer.builder("varde_delivery_step_seconds").description("One step of a delivery on its sink's lane")
                .tag("sink", sink).tag("step", step).publishPercentileHistogram().register(registry).record(took);
    }

    /** From a delivery being due (created, or its retry's time) to a worker taking it: the lane's queue. */
    void waited(String sink, Duration took) {
        Timer.builder("varde_delivery_step_seconds").description("One step of a delivery on its sink's lane")
                .tag("sink", sink).tag("step", "queue").publishPercentileHistogram().register(registry).record(took);
    }
}
