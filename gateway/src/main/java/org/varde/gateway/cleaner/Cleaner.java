package org.varde.gateway.cleaner;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.config.RetentionSettings;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cleaner stage's runner: every {@code retention.checkInterval}, on a worker thread,
 * <ol>
 *   <li>finishes purges a crash or a dead node left PURGING;</li>
 *   <li>purges every study that is due: finished and past its grace, or at the hard limit;</li>
 *   <li>under disk pressure (free space below {@code retention.diskPressureFreeBytes}, by default twice
 *       {@code storage.minFreeBytes}) purges finished studies early, the oldest image first, until the
 *       space is back. An unfinished study is never purged for space: when only those are left, the
 *       ingest guard refuses new instances at {@code storage.minFreeBytes} (senders retry later) and the
 *       hard limit still applies.</li>
 * </ol>
 * One run at a time per node; several nodes may run at once (each purge is claimed in the store).
 */
public final class Cleaner {
    private static final Logger LOG = LoggerFactory.getLogger(Cleaner.class);
    /** How long a node holds a purge claim: long enough for a study of thousands of files on a slow disk. */
    static final Duration MIN_LEASE = Duration.ofMinutes(10);

    private final HeldImages held;
    private final PurgeClaims claims;
    private final StudyPurge purge;
    private final Supplier<RetentionSettings> policy;
    private final LongSupplier pressureBelowFreeBytes;
    private final LongSupplier freeBytes;
    private final Clock clock;
    private final String node;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AuditLog audit;
    private volatile Quarantine quarantine;
    private volatile Instant lastRunAt;
    private Vertx vertx;
    private long timer = -1;

    /**
     * @param pressureBelowFreeBytes the free space below which finished studies go early; 0: never
     * @param freeBytes              the spool file system's free space now (-1 when unknown)
     * @param interruption           {@link StudyPurge.Interruption#NONE} but in tests
     */
    public Cleaner(DataSource dataSource, Spool spool, AuditLog audit, Supplier<RetentionSettings> policy,
                   LongSupplier pressureBelowFreeBytes, LongSupplier freeBytes, Clock clock, String node,
                   StudyPurge.Interruption interruption) {
        this.audit = audit;
        this.held = new HeldImages(dataSource);
        this.claims = new PurgeClaims(dataSource);
        this.purge = new StudyPurge(dataSource, spool, claims, audit, clock, node, interruption);
        this.policy = policy;
        this.pressureBelowFreeBytes = pressureBelowFreeBytes;
        this.freeBytes = freeBytes;
        this.clock = clock;
        this.node = node;
    }

    /** What one run did. */
    public record Run(List<StudyPurge.Removed> purged, List<String> failed) {
    }

    /** One run, on the calling thread (blocking); a run already in progress makes this one do nothing. */
    public Run runOnce() throws SQLException {
        if (!running.compareAndSet(false, true)) {
            return new Run(List.of(), List.of());
        }
        try {
            RetentionSettings settings = policy.get();
            Instant now = clock.instant();
            Duration lease = settings.checkInterval().multipliedBy(2).compareTo(MIN_LEASE) > 0
                    ? settings.checkInterval().multipliedBy(2) : MIN_LEASE;
            List<StudyPurge.Removed> purged = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (PurgeClaims.Claim unfinished : claims.takeOverUnfinished(node, now, lease)) {
                LOG.info("finishing the purge of study {} ({}) that a stop cut short", unfinished.studyInstanceUid(),
                        unfinished.reason());
                finish(unfinished, purged, failed);
            }
            List<HeldStudy> due = held.studies().stream().filter(s -> !s.dueAt(settings).isAfter(now))
                    .sorted(Comparator.comparing(s -> s.dueAt(settings))).toList();
            for (HeldStudy study : due) {
                PurgeReason reason = study.dueReason(settings);
                claimAndFinish(study, reason, study.why(reason, settings), now, lease, purged, failed);
            }
            relieveDiskPressure(settings, now, lease, purged, failed);
            expireQuarantine(settings, now, failed);
            lastRunAt = now;
            return new Run(purged, failed);
        } finally {
            running.set(false);
        }
    }

    /** The quarantine folder's images go at the hard limit too (they were never journaled as a study). */
    public void alsoExpire(Quarantine folder) {
        this.quarantine = folder;
    }

    private void expireQuarantine(RetentionSettings settings, Instant now, List<String> failed) {
        Quarantine folder = quarantine;
        if (folder == null) {
            return;
        }
        try {
            for (Quarantine.Item item : folder.expire(now.minus(settings.hardLimit()))) {
                LOG.info("quarantined file {} ({}) removed: older than the hard limit", item.id(), item.reason());
                audit.record(AuditEntry.of(Actor.system("retention on " + node), AuditAction.PURGE)
                        .study(item.studyInstanceUid())
                        .detail("quarantined file " + item.id() + " (" + item.reason().name() + ", " + item.byteCount()
                                + " bytes, set aside " + item.quarantinedAt() + ") removed at the hard limit of "
                                + settings.hardLimit().toDays() + " days"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("the quarantine folder cannot be cleaned, will try again: {}", e.toString());
            failed.add("quarantine: " + e.getMessage());
        }
    }

    private void relieveDiskPressure(RetentionSettings settings, Instant now, Duration lease,
                                     List<StudyPurge.Removed> purged, List<String> failed) throws SQLException {
        long threshold = pressureBelowFreeBytes.getAsLong();
        if (threshold <= 0 || !underPressure(threshold)) {
            return;
        }
        List<HeldStudy> studies = held.studies();
        List<HeldStudy> finished = studies.stream().filter(HeldStudy::finished)
                .sorted(Comparator.comparing(HeldStudy::oldestReceivedAt)).toList();
        for (HeldStudy study : finished) {
            if (!underPressure(threshold)) {
                return;
            }
            claimAndFinish(study, PurgeReason.DISK_PRESSURE, study.why(PurgeReason.DISK_PRESSURE, settings), now, lease,
                    purged, failed);
        }
        if (underPressure(threshold)) {
            LOG.warn("spool free space {} bytes is below retention's {} and no finished study is left to purge: "
                    + "{} unfinished studies are held; below storage.minFreeBytes new instances are refused",
                    freeBytes.getAsLong(), threshold, studies.size() - finished.size());
        }
    }

    private boolean underPressure(long threshold) {
        long free = freeBytes.getAsLong();
        return free >= 0 && free < threshold;
    }

    private void claimAndFinish(HeldStudy study, PurgeReason reason, String why, Instant now, Duration lease,
                                List<StudyPurge.Removed> purged, List<String> failed) throws SQLException {
        Optional<PurgeClaims.Claim> claim = claims.claim(study.studyInstanceUid(), reason, why, node, now, lease);
        if (claim.isPresent()) {
            finish(claim.get(), purged, failed);
        }
    }

    /** One study's failure (a file that will not go, a lost database) never stops the others. */
    private void finish(PurgeClaims.Claim claim, List<StudyPurge.Removed> purged, List<String> failed) {
        try {
            StudyPurge.Removed removed = purge.finish(claim);
            if (removed != null) {
                purged.add(removed);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            failed.add(claim.studyInstanceUid());
            LOG.error("purge of study {} ({}) not finished, retried at the next run: {}", claim.studyInstanceUid(),
                    claim.reason(), e.toString());
        }
    }

    /** Runs every {@code retention.checkInterval} on a worker, the first run at once. */
    public void start(Vertx vertx) {
        this.vertx = vertx;
        schedule(0);
    }

    private void schedule(long delayMillis) {
        Vertx v = vertx;
        if (v == null) {
            return;
        }
        timer = v.setTimer(Math.max(1, delayMillis), id -> v.executeBlocking(this::runOnce, false)
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.error("retention run failed, tried again in {}: {}", policy.get().checkInterval(),
                                done.cause().toString());
                    }
                    schedule(policy.get().checkInterval().toMillis());
                }));
    }

    public void close() {
        Vertx v = vertx;
        vertx = null;
        if (v != null && timer >= 0) {
            v.cancelTimer(timer);
        }
    }

    /** The policy in force and what is held now (GET /api/privacy). Blocking. */
    public RetentionStatus status() throws SQLException {
        RetentionSettings settings = policy.get();
        List<HeldStudy> studies = held.studies();
        return RetentionStatus.of(settings, pressureBelowFreeBytes.getAsLong(), studies, claims.counts(), lastRunAt);
    }
}
