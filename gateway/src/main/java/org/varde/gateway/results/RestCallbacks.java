package org.varde.gateway.results;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.rest.RestEndpoint;
import org.varde.connectors.algorithm.rest.VendorStatus;
import org.varde.gateway.routing.AlgorithmCatalogue;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A REST vendor's webhook, {@code POST /api/callbacks/{jobId}}: authenticated by the secret Varde made
 * for the job's current dispatch attempt (sent to the vendor with the job, kept here only as its hash),
 * never by an API token. The secret is bound to the job (another job's secret is refused) and used
 * once (a replay is refused). The body says done (with the result URL, if it was not in the job's
 * answer) or failed (with the vendor's words); the result is then fetched by the {@link RestResultFetcher}.
 * Every method blocks.
 */
public final class RestCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(RestCallbacks.class);

    /** What the callback came to. */
    public enum Outcome {
        /** The job is marked ready; its result will be fetched. */
        ACCEPTED,
        /** No valid secret for this job (or no such job): 401, nothing said about which. */
        UNAUTHENTICATED,
        /** The secret was valid but is used already: a replay. */
        ALREADY_USED,
        /** Authenticated, but the body says neither done nor failed. */
        NOT_FINISHED
    }

    private final RestExchanges exchanges;
    private final Supplier<AlgorithmCatalogue> catalogue;
    private final Runnable wakeFetcher;
    private final Clock clock;

    public RestCallbacks(RestExchanges exchanges, Supplier<AlgorithmCatalogue> catalogue, Runnable wakeFetcher,
                         Clock clock) {
        this.exchanges = exchanges;
        this.catalogue = catalogue;
        this.wakeFetcher = wakeFetcher;
        this.clock = clock;
    }

    /** Whether {@code secret} may call back for {@code jobId} (before its body is read); uses nothing up. */
    public Outcome authenticate(String jobId, String secret) {
        return outcome(exchanges.check(jobId, secret));
    }

    /** The callback's body, from a caller {@link #authenticate} let through. */
    public Outcome receive(String jobId, String secret, JsonObject body) {
        Optional<RestExchange> exchange = exchanges.forJob(jobId);
        if (exchange.isEmpty()) {
            return Outcome.UNAUTHENTICATED;
        }
        VendorStatus status = statusMapping(exchange.get().algorithmId()).statusOf(body);
        if (status.state() == VendorStatus.State.PENDING) {
            return exchanges.check(jobId, secret) == RestExchanges.Check.VALID ? Outcome.NOT_FINISHED
                    : Outcome.UNAUTHENTICATED;
        }
        String error = status.state() == VendorStatus.State.FAILED
                ? Optional.ofNullable(status.error()).orElse("(no reason given)") : null;
        Outcome outcome = outcome(exchanges.callback(jobId, secret, status.resultUrl(), error, clock.instant()));
        if (outcome == Outcome.ACCEPTED) {
            LOG.info("job {}: the vendor called back ({})", jobId, status.state());
            wakeFetcher.run();
        }
        return outcome;
    }

    private org.varde.connectors.algorithm.rest.StatusMapping statusMapping(String algorithmId) {
        return catalogue.get().find(algorithmId).map(a -> a.endpoint())
                .filter(RestEndpoint.class::isInstance).map(e -> ((RestEndpoint) e).status())
                .orElse(org.varde.connectors.algorithm.rest.StatusMapping.DEFAULT);
    }

    private static Outcome outcome(RestExchanges.Check check) {
        return switch (check) {
            case VALID -> Outcome.ACCEPTED;
            case USED -> Outcome.ALREADY_USED;
            case UNKNOWN -> Outcome.UNAUTHENTICATED;
        };
    }
}
