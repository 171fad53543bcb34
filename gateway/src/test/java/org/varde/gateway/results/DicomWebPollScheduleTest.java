package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poll schedule of {@code results: poll} is the wait's row: a restarted gateway keeps it, and two
 * gateways on one store poll each slot once. What is counted: the QIDO-RS queries the sandbox vendor
 * received and when (all nodes' queries alike; which node sent one is not told apart).
 */
class DicomWebPollScheduleTest {
    /** Below the interval: how much later a claimed poll's query may reach the vendor than the one before. */
    private static final Duration JITTER = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aRestartedGatewayKeepsThePollScheduleAndTheResultStillArrives() throws Exception {
        int interval = 8;
        String uid = generate(4343);
        try (DicomWebRoundTrip trip = DicomWebRoundTrip.polling(dir, interval, "")) {
            trip.vendor.withholdingResults(true);
            trip.send(dir.resolve("set/1"));
            trip.awaitJob(uid, JobState.WAITING_RESULT);
            awaitCondition(() -> trip.vendor.queries() >= 1, "the first QIDO-RS query");

            trip.restart();
            awaitCondition(() -> trip.vendor.queries() >= 2, "a QIDO-RS query by the restarted gateway");
            trip.vendor.withholdingResults(false);
            Job job = trip.awaitResult(uid);

            assertEquals("dicomweb", trip.gateway.results().forJob(job.id()).get(0).protocol());
            assertEquals(1, trip.vendor.retrievals(), "the result fetched once by WADO-RS");
            assertPolledNoMoreOftenThan(Duration.ofSeconds(interval), trip.vendor.queryTimes());
        }
    }

    @Test
    void twoGatewaysOnOnePostgresStorePollEachSlotOnce() throws Exception {
        int interval = 3;
        String uid = generate(4344);
        PostgresSchema schema = PostgresSchema.create("poll_two_nodes");
        try (DicomWebRoundTrip trip = DicomWebRoundTrip.polling(dir, interval, "store: {url: \"postgresql://127.0.0.1:5432/test?user="
                + schema.user() + "&currentSchema=" + schema.name() + "\"}")) {
            Gateway nodeB = trip.secondNode();
            try {
                trip.vendor.withholdingResults(true);
                trip.send(dir.resolve("set/1"));
                trip.awaitJob(uid, JobState.WAITING_RESULT);
                // both nodes tick every second: unclaimed, each slot would be queried twice
                awaitCondition(() -> trip.vendor.queries() >= 5, "five QIDO-RS queries");
                trip.vendor.withholdingResults(false);
                Job job = trip.awaitResult(uid);

                assertEquals("dicomweb", trip.gateway.results().forJob(job.id()).get(0).protocol());
                assertEquals(1, trip.vendor.retrievals(), "the result fetched once by WADO-RS");
                assertPolledNoMoreOftenThan(Duration.ofSeconds(interval), trip.vendor.queryTimes());
            } finally {
                SandboxRoundTrip.await(nodeB.stop());
            }
        } finally {
            schema.drop();
        }
    }

    private String generate(long seed) throws Exception {
        StudyGenerator.generate(dir.resolve("set"), new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 6, 64));
        return SandboxRoundTrip.studyUid(dir.resolve("set/1"));
    }

    private static void assertPolledNoMoreOftenThan(Duration interval, List<Instant> queries) {
        assertTrue(queries.size() >= 2, "queries: " + queries);
        for (int i = 1; i < queries.size(); i++) {
            Duration gap = Duration.between(queries.get(i - 1), queries.get(i));
            assertTrue(gap.compareTo(interval.minus(JITTER)) >= 0,
                    "query " + i + " came " + gap.toMillis() + " ms after the one before; the schedule says "
                            + interval.toSeconds() + " s: " + queries);
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        assertTrue(Poll.until(Duration.ofSeconds(60), condition), "not within 60 s: " + what);
    }
}
