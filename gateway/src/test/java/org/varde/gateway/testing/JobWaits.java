package org.varde.gateway.testing;

import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waits for the one job of a study to meet a condition, as end-to-end tests do after sending a study;
 * a failure says what the job was last and prints its history, which is what one needs to see why.
 */
public final class JobWaits {
    private JobWaits() {
    }

    /** The study's one job once it is in {@code state}. */
    public static Job awaitJob(JobStore jobs, String studyUid, Duration wait, JobState state) {
        return awaitJob(jobs, studyUid, wait, j -> j.state() == state, "in " + state);
    }

    /**
     * The study's one job once {@code condition} holds for it; fails (with the job and its events)
     * when the study has no job, more than one, or the condition does not hold within {@code wait}.
     *
     * @param what the condition in words, for the failure message ("with its result recorded")
     */
    public static Job awaitJob(JobStore jobs, String studyUid, Duration wait, Predicate<Job> condition, String what) {
        Job[] last = new Job[1];
        int[] count = new int[1];
        boolean reached = Poll.until(wait, () -> {
            List<Job> found = jobs.forStudy(studyUid);
            count[0] = found.size();
            last[0] = found.isEmpty() ? null : found.get(0);
            return found.size() == 1 && condition.test(last[0]);
        });
        assertTrue(reached, "expected the job of study " + studyUid + " " + what + " within " + wait.toSeconds()
                + " s; " + count[0] + " job(s), the first " + last[0]
                + (last[0] == null ? "" : " " + jobs.events(last[0].id())));
        return last[0];
    }
}
