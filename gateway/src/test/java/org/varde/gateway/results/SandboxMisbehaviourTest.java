package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ResultsAnswer.Misbehaviour;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way the sandbox DICOM vendor can misbehave, through a running gateway over real sockets, ends
 * the job in the right state with the reason in words in its history: a vendor too slow to
 * acknowledge, a result slower than its deadline (and refused when it comes late), a refused
 * association, a result cut short.
 */
class SandboxMisbehaviourTest {
    @TempDir
    Path dir;

    private Path ct() throws Exception {
        Path out = dir.resolve("ct");
        StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, 303, 6, 64));
        return out;
    }

    @Test
    void aVendorTooSlowToAcknowledgeEndsInTheDeadLetterWithTheTimeoutInItsHistory() throws Exception {
        Path ct = ct();
        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain().dispatchTimeout(2))) {
            trip.vendor.answerDelay(Duration.ofSeconds(4));
            trip.send(ct);
            Job job = trip.awaitJob(SandboxRoundTrip.studyUid(ct), JobState.DEAD_LETTER);
            String history = trip.history(job);
            assertTrue(history.contains("did not acknowledge every instance within 2000 ms"), history);
            assertTrue(trip.gateway.results().forJob(job.id()).isEmpty());
        }
    }

    @Test
    void aSlowResultWithinItsDeadlineIsTaken() throws Exception {
        Path ct = ct();
        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain().resultTimeout(60))) {
            trip.vendor.resultDelay(Duration.ofSeconds(3));
            trip.send(ct);
            Job job = trip.awaitResult(SandboxRoundTrip.studyUid(ct));
            assertEquals("negative", trip.gateway.results().forJob(job.id()).get(0).verdict(),
                    "no nodule was planted");
        }
    }

    @Test
    void aResultPastItsDeadlineTimesTheJobOutAndIsRefusedWhenItComes() throws Exception {
        Path ct = ct();
        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain().resultTimeout(2))) {
            trip.vendor.resultDelay(Duration.ofSeconds(8));
            trip.send(ct);
            Job job = trip.awaitJob(SandboxRoundTrip.studyUid(ct), JobState.DEAD_LETTER);
            String history = trip.history(job);
            assertTrue(history.contains("timeout: no result from lung-nodules within 2 s"), history);
            assertTrue(Poll.until(SandboxRoundTrip.WAIT, () -> !trip.vendor.resultsSent().isEmpty()),
                    "the late result was sent");
            assertEquals(0x0110, trip.vendor.resultsSent().get(0).statusOrNull().code(),
                    "a result for a job no longer waiting matches nothing");
            assertTrue(trip.gateway.results().forJob(job.id()).isEmpty(), "nothing kept from it");
        }
    }

    @Test
    void aRefusedAssociationIsNotRetriedAndTheVendorsRejectionIsInTheHistory() throws Exception {
        Path ct = ct();
        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain().attempts(3))) {
            SandboxRoundTrip.await(trip.vendor.refuseAssociations(true));
            trip.send(ct);
            Job job = trip.awaitJob(SandboxRoundTrip.studyUid(ct), JobState.DEAD_LETTER);
            String history = trip.history(job);
            assertTrue(history.contains("vendor refused the association"), history);
            assertEquals(1, job.attempts(), "a permanent rejection (PS3.8 9.3.4 result 1) is not retried: " + history);
            assertEquals(0, trip.vendor.stored(), "nothing reached the vendor");
            assertTrue(trip.vendor.associationRequests() >= 1, "the vendor saw the request and rejected it");
        }
    }

    @Test
    void aTruncatedResultFailsTheAttemptWithTheReasonAndIsRefused() throws Exception {
        Path ct = ct();
        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain())) {
            trip.answer(Misbehaviour.TRUNCATED);
            trip.send(ct);
            Job job = trip.awaitJob(SandboxRoundTrip.studyUid(ct), JobState.DEAD_LETTER);
            String history = trip.history(job);
            // the reader's words: the content sequence's length runs past the end of what arrived
            assertTrue(job.lastError().startsWith("result refused: object ") && job.lastError().contains("cannot be read")
                    && job.lastError().contains("(0040,A730) exceeds the") && job.lastError().contains("remaining"),
                    history);
            assertTrue(Poll.until(SandboxRoundTrip.WAIT, () -> !trip.vendor.resultsSent().isEmpty()));
            assertEquals(0xC000, trip.vendor.resultsSent().get(0).statusOrNull().code(), "refused: cannot understand");
            assertTrue(trip.gateway.results().forJob(job.id()).isEmpty(), "nothing kept from it");
            assertTrue(trip.gateway.results().objects(job.id()).isEmpty(), "not even the object");
        }
    }
}
