package org.varde.gateway.cli;

import org.varde.gateway.Gateway;
import org.varde.gateway.assembly.StudyStatus;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.orchestration.Disposition;
import org.varde.gateway.orchestration.RecordedDecision;
import org.varde.gateway.routing.RoutingOutcome;
import org.varde.gateway.store.InstanceRecord;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's routing table: per study, generation and algorithm the router considered, how the
 * generation was completed, what was decided (and why not, when it was not sent) and where the job
 * stands. Routes that did not match are counted, not listed: {@code routes explain} and the API show
 * them with every reason. Ids only, no patient identity.
 */
final class RoutingTable {
    private static final String FORMAT = "%-14s %-10s %3s %-15s %-20s %-14s %-18s %s%n";

    private RoutingTable() {
    }

    static void print(Gateway gateway, List<String> studies, PrintStream out) throws Exception {
        out.printf(FORMAT, "STUDY", "KIND", "GEN", "COMPLETED BY", "ALGORITHM", "DECISION", "JOB", "WHY");
        for (String study : studies) {
            Optional<StudyStatus> status = RunningGateway.await(gateway.studyAssembler().status(study));
            String kind = kind(gateway.journal().instancesOfStudy(study));
            List<Job> jobs = gateway.jobStore().forStudy(study);
            int misses = 0;
            for (RecordedDecision d : RunningGateway.await(gateway.decisions(study))) {
                if (RoutingOutcome.RULE_MISS.name().equals(d.outcome())) {
                    misses++;
                    continue;
                }
                Optional<Job> job = jobs.stream().filter(j -> j.id().equals(d.jobId())).findFirst();
                out.printf(FORMAT, shortUid(study), kind, d.generation(), trigger(status, d.generation()),
                        d.algorithm(), d.outcome(), job(d, job), why(d, job));
            }
            out.printf("%-14s %d route/algorithm pairs did not match (see routes explain)%n", "", misses);
        }
    }

    /** The store keeps the trigger of the current generation; earlier ones were followed up. */
    private static String trigger(Optional<StudyStatus> status, int generation) {
        return status.filter(s -> s.generation() == generation && s.trigger() != null)
                .map(s -> s.trigger().name()).orElse("(followed up)");
    }

    private static String job(RecordedDecision d, Optional<Job> job) {
        if (d.disposition() == Disposition.UPDATE_NOT_ACCEPTED) {
            return "none: update";
        }
        return job.map(j -> j.state().name() + (j.attempts() > 0 ? " (" + j.attempts() + " failed)" : "")).orElse("-");
    }

    /** Why it was not sent, or why its job is not done: a table of outcomes leaves nothing unexplained. */
    private static String why(RecordedDecision d, Optional<Job> job) {
        if (!d.decision().path("why").isMissingNode() && !d.decision().path("why").isNull()) {
            return d.decision().path("why").asText();
        }
        return job.filter(j -> j.state() != JobState.DONE && j.state() != JobState.RESULT_RECEIVED)
                .map(j -> j.lastError() != null ? j.lastError() : "still " + j.state().name().toLowerCase(Locale.ROOT))
                .orElse("");
    }

    private static String kind(List<InstanceRecord> instances) {
        return instances.stream().findFirst()
                .map(i -> i.modality() + (i.bodyPartExamined() == null ? "" : " " + i.bodyPartExamined())).orElse("-");
    }

    /** The end of a UID tells studies of one run apart; the full UID is in the API. */
    static String shortUid(String uid) {
        return uid.length() <= 14 ? uid : "…" + uid.substring(uid.length() - 13);
    }
}
