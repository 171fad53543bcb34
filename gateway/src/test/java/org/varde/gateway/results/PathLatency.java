package org.varde.gateway.results;

import org.varde.gateway.Gateway;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the path benchmarks report for one adapter's run: results per second (N / first job created ..
 * last result recorded) and p50/p95/p99 of "study complete → result normalised" (the job is created
 * when its study completes and is routed; the result row is written when the normalised result is
 * recorded), both from the store's timestamps.
 */
record PathLatency(int results, double perSecond, double p50, double p95, double p99) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "results=%d results/s=%.2f p50=%.0f ms p95=%.0f ms p99=%.0f ms",
                results, perSecond, p50, p95, p99);
    }

    /** {@code this / reference}, figure by figure. */
    String ratioTo(PathLatency reference, String name) {
        return String.format(Locale.ROOT, "ratio %s: results/s %.2f, p50 %.2f, p95 %.2f, p99 %.2f", name,
                perSecond / reference.perSecond, p50 / reference.p50, p95 / reference.p95, p99 / reference.p99);
    }

    static PathLatency of(Gateway gateway, int studies) {
        List<Double> latencies = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (StoredResult r : gateway.results().list(null, null, studies + 1)) {
            // the result row is written a moment before its job moves on: wait for the move, do not race it
            Job[] job = new Job[1];
            assertTrue(Poll.until(Duration.ofSeconds(30), () -> {
                job[0] = gateway.jobStore().get(r.jobId()).orElseThrow();
                return job[0].state().ordinal() >= JobState.RESULT_RECEIVED.ordinal();
            }), () -> String.valueOf(job[0]));
            latencies.add((double) Duration.between(job[0].createdAt(), r.receivedAt()).toMillis());
            first = Math.min(first, job[0].createdAt().toEpochMilli());
            last = Math.max(last, r.receivedAt().toEpochMilli());
        }
        latencies.sort(Double::compare);
        double seconds = Math.max(1, last - first) / 1000.0;
        return new PathLatency(latencies.size(), latencies.size() / seconds, percentile(latencies, 50),
                percentile(latencies, 95), percentile(latencies, 99));
    }

    /** Nearest rank. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
