package org.varde.gateway.orchestration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobEvent;
import org.varde.gateway.jobs.JobMoves;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.jobs.NewJob;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job store with its moves told to the accountability stages (audit, usage): each committed
 * transition, advance, failure and replay is passed to the {@link JobMoves} after the store
 * returned. Reads pass through.
 */
final class ObservedJobStore implements JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedJobStore.class);

    private final JobStore store;
    private final List<JobMoves> listeners;

    ObservedJobStore(JobStore store, List<JobMoves> listeners) {
        this.store = store;
        this.listeners = List.copyOf(listeners);
    }

    private Job told(Job after, JobState from, String actor, String detail) {
        for (JobMoves listener : listeners) {
            try {
                listener.moved(after, from, actor, detail);
            } catch (RuntimeException e) {
                LOG.error("job {}: a listener of its move {} -> {} failed: {}", after.id(), from, after.state(),
                        e.toString());
            }
        }
        return after;
    }

    @Override
    public Job create(NewJob job) {
        return store.create(job);
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
        return told(store.transition(jobId, nodeId, from, to, detail), from, nodeId, detail);
    }

    @Override
    public Job fail(String jobId, String nodeId, JobState from, String error) {
        return told(store.fail(jobId, nodeId, from, error), from, nodeId, error);
    }

    @Override
    public Job giveUp(String jobId, String nodeId, JobState from, String error) {
        return told(store.giveUp(jobId, nodeId, from, error), from, nodeId, error);
    }

    @Override
    public Job postpone(String jobId, String nodeId, JobState from, String why) {
        return told(store.postpone(jobId, nodeId, from, why), from, nodeId, why);
    }

    @Override
    public Job advance(String jobId, JobState from, JobState to, String actor, String detail) {
        return told(store.advance(jobId, from, to, actor, detail), from, actor, detail);
    }

    @Override
    public Job failHandedOver(String jobId, JobState from, String actor, String error) {
        return told(store.failHandedOver(jobId, from, actor, error), from, actor, error);
    }

    @Override
    public Job release(String jobId, String nodeId) {
        return store.release(jobId, nodeId);
    }

    @Override
    public Job retry(String jobId, String actor) {
        JobState before = store.get(jobId).map(Job::state).orElse(null);
        return told(store.retry(jobId, actor), before, actor, "replayed");
    }

    @Override
    public Job discard(String jobId, String actor, String reason) {
        JobState before = store.get(jobId).map(Job::state).orElse(null);
        return told(store.discard(jobId, actor, reason), before, actor, reason);
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
