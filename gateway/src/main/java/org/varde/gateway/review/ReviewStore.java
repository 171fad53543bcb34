package org.varde.gateway.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.varde.gateway.access.Caller;
import org.varde.gateway.routing.ReviewPolicy;
import org.varde.gateway.store.Jdbc;

/**
 * The reviews and their history, on H2 or PostgreSQL. Every change is one version-checked update with
 * its event in the same transaction, so two reviewers deciding at once, or a decision racing the
 * timeout release, leave exactly one outcome and the other is told.
 */
public final class ReviewStore {
    private static final String COLUMNS = "id, result_id, job_id, study_instance_uid, algorithm_id, route_name, state, "
            + "alert_after_seconds, on_timeout, organisation, priority_choice, reviewer, reason, created_at, decided_at, "
            + "alerted_at, handed_over_at";
    private static final int TEXT_MAX = 2000;

    /** A result to hold, with the policy it is held under. */
    public record Hold(String resultId, String jobId, String studyInstanceUid, String algorithmId, String routeName,
                       ReviewPolicy policy) {
    }

    /** One line of a review's history. */
    public record Event(Instant at, ReviewState from, ReviewState to, String actor, String detail) {
    }

    private final DataSource dataSource;
    private final ReviewFeedback feedback;

    public ReviewStore(DataSource dataSource) {
        this(dataSource, ReviewFeedback.NONE);
    }

    /** @param feedback what a rejection and an undo count for in the feedback figures, in the same transaction */
    public ReviewStore(DataSource dataSource, ReviewFeedback feedback) {
        this.dataSource = dataSource;
        this.feedback = feedback;
    }

    /** Holds the result for review, or returns the review it already has (idempotent per result). */
    public Review hold(Hold h, Instant now) {
        try {
            return Jdbc.transaction(dataSource, c -> {
                Optional<Review> existing = one(c, "result_id = ?", h.resultId());
                if (existing.isPresent()) {
                    return existing.get();
                }
                String id = UUID.randomUUID().toString();
                Jdbc.update(c, "INSERT INTO reviews (id, result_id, job_id, study_instance_uid, algorithm_id, route_name, "
                                + "state, alert_after_seconds, on_timeout, organisation, created_at, version) "
                                + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, 0)",
                        id, h.resultId(), h.jobId(), h.studyInstanceUid(), h.algorithmId(), h.routeName(),
                        (int) h.policy().alertAfter().toSeconds(), h.policy().onTimeout().word(), h.policy().organisation(),
                        now);
                event(c, id, null, ReviewState.PENDING, now, "gate", "held for review (alert after "
                        + h.policy().alertAfter().toMinutes() + " min, on timeout " + h.policy().onTimeout().word() + ")");
                return one(c, "id = ?", id).orElseThrow();
            });
        } catch (SQLException e) {
            if (Jdbc.isDuplicate(e)) {
                return forResult(h.resultId()).orElseThrow();
            }
            throw new ReviewStoreException("cannot hold result " + h.resultId() + " for review", e);
        }
    }

    public Optional<Review> find(String id) {
        return query("id = ?", id).stream().findFirst();
    }

    public Optional<Review> forResult(String resultId) {
        return query("result_id = ?", resultId).stream().findFirst();
    }

    /** Reviews in these states, oldest first (the order a reviewer works them off). */
    public List<Review> list(Set<ReviewState> states, int limit) {
        String in = states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        return query("state IN (" + in + ") ORDER BY created_at, id", null).stream().limit(limit).toList();
    }

    /** Decisions made but not yet handed to the delivery stage (a stop came between the two). */
    public List<Review> notHandedOver(int limit) {
        return query("state IN ('APPROVED', 'REJECTED', 'RELEASED') AND handed_over_at IS NULL ORDER BY decided_at, id",
                null).stream().limit(limit).toList();
    }

    /**
     * Records a reviewer's decision on a waiting review.
     *
     * @throws ReviewConflictException when the review is not waiting any more (decided by someone else, released)
     */
    public Review decide(String id, ReviewState to, Caller by, String reason, Optional<Review.PriorityChoice> priority,
                         Instant now) {
        String reviewer = by.name();
        if (to.waiting() && to != ReviewState.DEFERRED || to == ReviewState.RELEASED) {
            throw new IllegalArgumentException("a reviewer approves, rejects or defers; not " + to);
        }
        return change(id, c -> {
            Review r = one(c, "id = ?", id).orElseThrow(() -> new ReviewConflictException("no review " + id));
            if (!r.state().waiting()) {
                throw new ReviewConflictException("review " + id + " is " + r.state() + " already"
                        + (r.reviewer() == null ? "" : " (by " + r.reviewer() + ")"));
            }
            // a deferral is no decision: it keeps decided_at empty (a null Instant would bind as a string)
            String decidedAt = to == ReviewState.DEFERRED ? "NULL" : "?";
            List<Object> values = new ArrayList<>(List.of(to.name()));
            values.add(Jdbc.bound(reviewer, 128));
            values.add(Jdbc.bound(reason, TEXT_MAX));
            values.add(priority.map(Review.PriorityChoice::word).orElse(null));
            if (to != ReviewState.DEFERRED) {
                values.add(now);
            }
            values.add(id);
            values.add(r.state().name());
            int n = Jdbc.update(c, "UPDATE reviews SET state = ?, reviewer = ?, reason = ?, priority_choice = ?, "
                    + "decided_at = " + decidedAt + ", version = version + 1 WHERE id = ? AND state = ?", values.toArray());
            if (n != 1) {
                throw new ReviewConflictException("review " + id + " changed meanwhile; read it again");
            }
            event(c, id, r.state(), to, now, reviewer, describe(to, reason, priority));
            Review decided = one(c, "id = ?", id).orElseThrow();
            if (to == ReviewState.REJECTED) {
                feedback.rejected(c, decided, by, now);
            }
            return decided;
        });
    }

    /**
     * Undoes a reviewer's own decision, back to PENDING, as long as it has not been handed to the
     * delivery stage.
     *
     * @throws ReviewConflictException when it was someone else's, is not a decision, or is handed over
     */
    public Review undo(String id, Caller by, Instant now) {
        String reviewer = by.name();
        return change(id, c -> {
            Review r = one(c, "id = ?", id).orElseThrow(() -> new ReviewConflictException("no review " + id));
            if (r.state() == ReviewState.PENDING || r.state() == ReviewState.RELEASED) {
                throw new ReviewConflictException("review " + id + " is " + r.state() + ": there is no decision to undo");
            }
            if (!reviewer.equals(r.reviewer())) {
                throw new ReviewConflictException("only " + r.reviewer() + " may undo their decision on review " + id);
            }
            if (r.handedOverAt() != null) {
                throw new ReviewConflictException("review " + id + " was handed to delivery at " + r.handedOverAt()
                        + ": it can no longer be undone");
            }
            int n = Jdbc.update(c, "UPDATE reviews SET state = 'PENDING', reviewer = NULL, reason = NULL, "
                    + "priority_choice = NULL, decided_at = NULL, version = version + 1 WHERE id = ? AND state = ? "
                    + "AND handed_over_at IS NULL", id, r.state().name());
            if (n != 1) {
                throw new ReviewConflictException("review " + id + " changed meanwhile; read it again");
            }
            event(c, id, r.state(), ReviewState.PENDING, now, reviewer, "undone by " + reviewer);
            feedback.undone(c, r);
            return one(c, "id = ?", id).orElseThrow();
        });
    }

    /**
     * Releases a waiting review whose route releases on timeout.
     *
     * @return empty when it was decided meanwhile (the decision stands)
     */
    public Optional<Review> release(String id, Duration waited, Instant now) {
        return change(id, c -> {
            int n = Jdbc.update(c, "UPDATE reviews SET state = 'RELEASED', decided_at = ?, version = version + 1 "
                    + "WHERE id = ? AND state IN ('PENDING', 'DEFERRED')", now, id);
            if (n != 1) {
                return Optional.<Review>empty();
            }
            event(c, id, null, ReviewState.RELEASED, now, "gate", "released without review after "
                    + waited.toMinutes() + " min: the route says onTimeout: release");
            return one(c, "id = ?", id);
        });
    }

    /** Marks the alert raised, once. @return whether this call raised it */
    public boolean alerted(String id, Instant now) {
        return change(id, c -> {
            int n = Jdbc.update(c, "UPDATE reviews SET alerted_at = ?, version = version + 1 WHERE id = ? "
                    + "AND alerted_at IS NULL AND state IN ('PENDING', 'DEFERRED')", now, id);
            if (n == 1) {
                Review r = one(c, "id = ?", id).orElseThrow();
                event(c, id, r.state(), r.state(), now, "gate", "waiting longer than " + r.alertAfter().toMinutes()
                        + " min: alert raised");
            }
            return n == 1;
        });
    }

    /** The decision went to the delivery stage: from now on it stands. Idempotent. */
    public void handedOver(String id, String detail, Instant now) {
        change(id, c -> {
            int n = Jdbc.update(c, "UPDATE reviews SET handed_over_at = ?, version = version + 1 WHERE id = ? "
                    + "AND handed_over_at IS NULL AND state IN ('APPROVED', 'REJECTED', 'RELEASED')", now, id);
            if (n == 1) {
                Review r = one(c, "id = ?", id).orElseThrow();
                event(c, id, r.state(), r.state(), now, "gate", detail);
            }
            return null;
        });
    }

    public List<Event> events(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT at, from_state, to_state, actor, detail FROM review_events "
                     + "WHERE review_id = ? ORDER BY id", id);
             ResultSet rs = ps.executeQuery()) {
            List<Event> events = new ArrayList<>();
            while (rs.next()) {
                String from = rs.getString(2);
                events.add(new Event(Jdbc.instant(rs, 1), from == null ? null : ReviewState.valueOf(from),
                        ReviewState.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5)));
            }
            return events;
        } catch (SQLException e) {
            throw new ReviewStoreException("cannot read the history of review " + id, e);
        }
    }

    private static String describe(ReviewState to, String reason, Optional<Review.PriorityChoice> priority) {
        return switch (to) {
            case APPROVED -> "approved" + priority.map(p -> ", priority " + p.word() + " (the reviewer's)")
                    .orElse(", priority as the policy proposes");
            case REJECTED -> "rejected: " + reason;
            case DEFERRED -> "deferred" + (reason == null ? "" : ": " + reason);
            default -> to.name();
        };
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T change(String id, Work<T> work) {
        try {
            return Jdbc.transaction(dataSource, work::run);
        } catch (SQLException e) {
            throw new ReviewStoreException("cannot change review " + id, e);
        }
    }

    private List<Review> query(String where, String value) {
        try (Connection c = dataSource.getConnection()) {
            return value == null ? rows(c, where) : rows(c, where, value);
        } catch (SQLException e) {
            throw new ReviewStoreException("cannot read reviews", e);
        }
    }

    private static Optional<Review> one(Connection c, String where, String value) throws SQLException {
        return rows(c, where, value).stream().findFirst();
    }

    private static List<Review> rows(Connection c, String where, String... values) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM reviews WHERE " + where, (Object[]) values);
             ResultSet rs = ps.executeQuery()) {
            List<Review> list = new ArrayList<>();
            while (rs.next()) {
                String choice = rs.getString(11);
                list.add(new Review(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), ReviewState.valueOf(rs.getString(7)), Duration.ofSeconds(rs.getInt(8)),
                        ReviewPolicy.OnTimeout.valueOf(rs.getString(9).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(10), Optional.ofNullable(choice).map(Review.PriorityChoice::fromWord), rs.getString(12),
                        rs.getString(13), Jdbc.instant(rs, 14), Jdbc.instant(rs, 15), Jdbc.instant(rs, 16),
                        Jdbc.instant(rs, 17)));
            }
            return list;
        }
    }

    private static void event(Connection c, String id, ReviewState from, ReviewState to, Instant at, String actor,
                              String detail) throws SQLException {
        Jdbc.update(c, "INSERT INTO review_events (review_id, at, from_state, to_state, actor, detail) VALUES (?, ?, ?, ?, ?, ?)",
                id, at, from == null ? null : from.name(), to.name(), Jdbc.bound(actor, 160), Jdbc.bound(detail, TEXT_MAX));
    }
}
