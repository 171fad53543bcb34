package org.varde.gateway.orchestration;

import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobEvent;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job store as the API sees it: a replayed job ({@link #retry}) wakes this node's runner, so it
 * is dispatched at once rather than on the next safety timer. Everything else is passed through.
 */
final class WakingJobStore implements JobStore {
    private final JobStore store;
    private final Runnable wake;

    WakingJobStore(JobStore store, Runnable wake) {
        this.store = store;
        this.wake = wake;
    }

    @Override
    public Job discard(String jobId, String actor, String reason) {
        return store.discard(jobId, actor, reason);
    }

    @Override
    public Job retry(String jobId, String actor) {
        Job job = store.retry(jobId, actor);
        wake.run();
        return job;
    }

    @Override
    public Job create(org.varde.gateway.jobs.NewJob job) {
        Job created = store.create(job);
        wake.run();
        return created;
    }

    @Override
    public List<Job> claim(String nodeId, Duration lease, int max, Instant now) {
        return store.claim(nodeId, lease, max, now);
    }

    @Override
    public Job renew(String jobId, String nodeId, Duration lease) {
        return store.renew(jobId, nodeId, lease);
    }

    @Override
    public Job transition(String jobId, String nodeId, JobState from, JobState to, String detail) {
        return store.transition(jobId, nodeId, from, to, detail);
    }

    @Override
    public Job fail(String jobId, String nodeId, JobState from, String error) {
        return store.fail(jobId, nodeId, from, error);
    }

    @Override
    public Job giveUp(String jobId, String nodeId, JobState from, String error) {
        return store.giveUp(jobId, nodeId, from, error);
    }

    @Override
    public Job postpone(String jobId, String nodeId, JobState from, String why) {
        return store.postpone(jobId, nodeId, from, why);
    }

    @Override
    public Job advance(String jobId, JobState from, JobState to, String actor, String detail) {
        return store.advance(jobId, from, to, actor, detail);
    }

    @Override
    public Job failHandedOver(String jobId, JobState from, String actor, String error) {
        Job after = store.failHandedOver(jobId, from, actor, error);
        wake.run();
        return after;
    }

    @Override
    public Job release(String jobId, String nodeId) {
        return store.release(jobId, nodeId);
    }

    @Override
    public Optional<Job> get(String jobId) {
        return store.get(jobId);
    }

    @Override
    public List<Job> find(JobState state, int limit) {
        return store.find(state, limit);
    }

    @Override
    public List<Job> forStudy(String studyInstanceUid) {
        return store.forStudy(studyInstanceUid);
    }

    @Override
    public List<JobEvent> events(String jobId) {
        return store.events(jobId);
    }

    @Override
    public Map<JobState, Long> countsByState() {
        return store.countsByState();
    }

    @Override
    public Duration oldestDuePendingAge(Instant now) {
        return store.oldestDuePendingAge(now);
    }
}
