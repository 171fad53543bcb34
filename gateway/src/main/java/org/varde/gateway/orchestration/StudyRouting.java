package org.varde.gateway.orchestration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.assembly.InstanceKeywords;
import org.varde.gateway.assembly.StudyCompleted;
import org.varde.gateway.assembly.StudyCompletionListener;
import org.varde.gateway.config.JobSettings;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.Route;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-over from completion to work: a completed study generation is routed with the routing in
 * force, every decision is recorded with its reasons, and each SEND decision becomes a job (a
 * follow-up only for routes that accept updates). Idempotent per generation, as the assembler
 * requires: the job store yields the existing job, the decisions of the generation are replaced.
 */
public final class StudyRouting implements StudyCompletionListener {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRouting.class);

    private final Vertx vertx;
    private final Journal journal;
    private final JobStore jobs;
    private final RoutingDecisions decisions;
    private final LiveConfig live;
    private final OrchestrationMetrics metrics;
    private final Runnable jobsCreated;
    private final Clock clock;

    public StudyRouting(Vertx vertx, Journal journal, JobStore jobs, RoutingDecisions decisions, LiveConfig live,
                        OrchestrationMetrics metrics, Runnable jobsCreated, Clock clock) {
        this.vertx = vertx;
        this.journal = journal;
        this.jobs = jobs;
        this.decisions = decisions;
        this.live = live;
        this.metrics = metrics;
        this.jobsCreated = jobsCreated;
        this.clock = clock;
    }

    @Override
    public Future<Void> completed(StudyCompleted study) {
        // the runner is woken by route() as each job is committed
        return vertx.executeBlocking(() -> route(study), false).mapEmpty();
    }

    /** Blocking: read the study, decide, record, create the jobs. @return the jobs of SEND decisions */
    private int route(StudyCompleted study) {
        LiveConfig.Snapshot snapshot = live.current();
        StudyFacts facts = facts(study.studyInstanceUid());
        List<RoutingDecision> decided = snapshot.routing().decide(facts);
        JobSettings settings = snapshot.config().jobs();
        String node = snapshot.config().node().id();
        List<RoutingDecisions.Entry> entries = new ArrayList<>();
        int jobCount = 0;
        for (RoutingDecision decision : decided) {
            metrics.decided(decision);
            if (!decision.send()) {
                entries.add(new RoutingDecisions.Entry(decision, Disposition.NONE, null));
            } else if (study.isUpdate() && !acceptsUpdates(snapshot.routing(), decision.route())) {
                entries.add(new RoutingDecisions.Entry(decision, Disposition.UPDATE_NOT_ACCEPTED, null));
            } else {
                // the job store counts generations from 1, the assembler from 0
                Job job = jobs.create(new NewJob(study.studyInstanceUid(), decision.algorithm(), decision.route(),
                        decision.mode(), study.generation() + 1, decision.selectedSeries(), settings.maxAttempts()));
                entries.add(new RoutingDecisions.Entry(decision, Disposition.JOB, job.id()));
                jobCount++;
                // committed: the runner may claim it while the decisions are still being recorded
                jobsCreated.run();
            }
        }
        decisions.replace(study.studyInstanceUid(), study.generation(), entries, clock.instant(), node);
        LOG.info("study {} generation {} ({}) routed: {} decisions, {} jobs", study.studyInstanceUid(),
                study.generation(), study.trigger(), decided.size(), jobCount);
        return jobCount;
    }

    /** The facts of the whole study: the guard judges the study, not just the late instances. */
    StudyFacts facts(String studyInstanceUid) {
        List<InstanceRecord> instances = journal.instancesOfStudy(studyInstanceUid);
        return StudyFactsAssembler.fromInstances(instances.stream().map(InstanceKeywords::of).toList());
    }

    private static boolean acceptsUpdates(RoutingConfig routing, String routeName) {
        return routing.routes().routes().stream().filter(r -> r.name().equals(routeName))
                .map(Route::completion).anyMatch(c -> c.acceptUpdates());
    }
}
