package org.varde.gateway.dispatch;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.varde.gateway.dispatch.CircuitBreaker.Permit;
import org.varde.gateway.testing.Poll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's counting rules, apart from any network. */
@ExtendWith(VertxExtension.class)
class CircuitBreakerTest {
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    private CircuitBreaker breaker(Vertx vertx, Duration coolDown) {
        return new CircuitBreaker(vertx, 3, coolDown, (from, to) -> transitions.add(from + ">" + to));
    }

    @Test
    void onlyConsecutiveVendorFailuresOpenIt(Vertx vertx) {
        CircuitBreaker breaker = breaker(vertx, Duration.ofMinutes(1));
        breaker.failed(breaker.tryAcquire(), true);
        breaker.failed(breaker.tryAcquire(), true);
        breaker.succeeded(breaker.tryAcquire());
        breaker.failed(breaker.tryAcquire(), true);
        breaker.failed(breaker.tryAcquire(), true);
        for (int i = 0; i < 5; i++) {
            breaker.failed(breaker.tryAcquire(), false);   // our side's faults say nothing about the vendor
        }
        assertEquals(BreakerState.CLOSED, breaker.state());
        breaker.failed(breaker.tryAcquire(), true);
        assertEquals(BreakerState.OPEN, breaker.state());
        assertNull(breaker.tryAcquire());
    }

    @Test
    void aCallStartedBeforeOpeningDoesNotCloseIt(Vertx vertx) {
        CircuitBreaker breaker = breaker(vertx, Duration.ofMinutes(1));
        Permit early = breaker.tryAcquire();
        for (int i = 0; i < 3; i++) {
            breaker.failed(breaker.tryAcquire(), true);
        }
        breaker.succeeded(early);
        assertEquals(BreakerState.OPEN, breaker.state());
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndAnInconclusiveProbeFreesTheSlot(Vertx vertx) {
        CircuitBreaker breaker = breaker(vertx, Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            breaker.failed(breaker.tryAcquire(), true);
        }
        assertTrue(Poll.until(Duration.ofSeconds(5), () -> breaker.state() == BreakerState.HALF_OPEN));
        Permit probe = breaker.tryAcquire();
        assertEquals(Permit.PROBE, probe);
        assertNull(breaker.tryAcquire(), "a second call while the probe is out");
        breaker.failed(probe, false);
        assertEquals(BreakerState.HALF_OPEN, breaker.state());
        Permit second = breaker.tryAcquire();
        assertEquals(Permit.PROBE, second);
        breaker.succeeded(second);
        assertEquals(BreakerState.CLOSED, breaker.state());
        assertEquals(List.of("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED"), transitions);
    }
}
