package org.varde.gateway.cleaner;

import org.varde.gateway.config.RetentionSettings;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The retention policy in force and what the spool holds now: the API's {@code GET /api/privacy}.
 *
 * @param oldest the study holding the oldest image, null when nothing is held
 * @param nextPurgeAt the soonest any held study is due, null when nothing is held
 */
public record RetentionStatus(RetentionSettings policy, long pressureBelowFreeBytes, int studies, long instances,
                              long resultObjects, long bytes, int unfinishedStudies, HeldStudy oldest,
                              Instant nextPurgeAt, PurgeClaims.Counts purges, Instant lastRunAt) {

    static RetentionStatus of(RetentionSettings policy, long pressureBelowFreeBytes, List<HeldStudy> held,
                              PurgeClaims.Counts purges, Instant lastRunAt) {
        long instances = held.stream().mapToLong(HeldStudy::instances).sum();
        long objects = held.stream().mapToLong(HeldStudy::resultObjects).sum();
        long bytes = held.stream().mapToLong(HeldStudy::bytes).sum();
        int unfinished = (int) held.stream().filter(s -> !s.finished()).count();
        HeldStudy oldest = held.stream().min(Comparator.comparing(HeldStudy::oldestReceivedAt)).orElse(null);
        Instant next = held.stream().map(s -> s.dueAt(policy)).min(Comparator.naturalOrder()).orElse(null);
        return new RetentionStatus(policy, pressureBelowFreeBytes, held.size(), instances, objects, bytes, unfinished,
                oldest, next, purges, lastRunAt);
    }
}
