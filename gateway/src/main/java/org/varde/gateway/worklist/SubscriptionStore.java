package org.varde.gateway.worklist;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code ups_subscriptions} rows (V38). Blocking JDBC. */
public final class SubscriptionStore {
    /** A global row: the subscriber, its Deletion Lock and, for a filtered one, its matching keys. */
    record Global(Subscriber subscriber, String globalUid, boolean deletionLock, SubscriptionFilter filter) {
    }

    private final DataSource dataSource;

    public SubscriptionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or replaces the rows of one subscriber for {@code uids}, all with the same lock and filter. */
    void put(Subscriber s, Collection<String> uids, boolean deletionLock, SubscriptionFilter filter, Instant now) {
        try {
            Jdbc.transaction(dataSource, c -> {
                for (String uid : uids) {
                    Jdbc.update(c, "DELETE FROM ups_subscriptions WHERE owner = ? AND ae_title = ? AND workitem_uid = ?",
                            s.owner(), s.aeTitle(), uid);
                    Jdbc.update(c, "INSERT INTO ups_subscriptions (owner, ae_title, workitem_uid, deletion_lock, "
                                    + "filter_state, filter_study, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            s.owner(), s.aeTitle(), uid, deletionLock,
                            filter.stateOrNull() == null ? null : filter.stateOrNull().word(), filter.studyOrNull(), now);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new WorklistException("cannot store a subscription of " + s.aeTitle(), e);
        }
    }

    /** Deletes one row; false when there was none. */
    boolean delete(Subscriber s, String uid) {
        return update("DELETE FROM ups_subscriptions WHERE owner = ? AND ae_title = ? AND workitem_uid = ?",
                s.owner(), s.aeTitle(), uid) > 0;
    }

    /** Deletes every row of the subscriber; how many there were. */
    int deleteAll(Subscriber s) {
        return update("DELETE FROM ups_subscriptions WHERE owner = ? AND ae_title = ?", s.owner(), s.aeTitle());
    }

    boolean exists(Subscriber s, String uid) {
        return !subscribers("SELECT owner, ae_title FROM ups_subscriptions WHERE owner = ? AND ae_title = ? "
                + "AND workitem_uid = ?", s.owner(), s.aeTitle(), uid).isEmpty();
    }

    /** The subscribers of one workitem (or of one well-known global UID). */
    List<Subscriber> of(String uid) {
        return subscribers("SELECT owner, ae_title FROM ups_subscriptions WHERE workitem_uid = ? "
                + "ORDER BY owner, ae_title", uid);
    }

    /** Whether any of the workitem's subscribers asked it to be kept (PS3.4 CC.2.3.1 Deletion Lock). */
    public boolean locked(String uid) {
        return !subscribers("SELECT owner, ae_title FROM ups_subscriptions WHERE workitem_uid = ? "
                + "AND deletion_lock = TRUE", uid).isEmpty();
    }

    /** The global and filtered global rows of one owner. */
    List<Global> globals(String owner) {
        List<Global> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT ae_title, workitem_uid, deletion_lock, filter_state, "
                     + "filter_study FROM ups_subscriptions WHERE owner = ? AND workitem_uid IN (?, ?)",
                     owner, Subscriptions.GLOBAL, Subscriptions.FILTERED_GLOBAL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String state = rs.getString(4);
                found.add(new Global(new Subscriber(owner, rs.getString(1)), rs.getString(2), rs.getBoolean(3),
                        new SubscriptionFilter(state == null ? null : ProcedureStepState.fromWord(state).orElseThrow(),
                                rs.getString(5))));
            }
            return found;
        } catch (SQLException e) {
            throw new WorklistException("cannot read subscriptions", e);
        }
    }

    private List<Subscriber> subscribers(String sql, Object... values) {
        List<Subscriber> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, sql, values);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new Subscriber(rs.getString(1), rs.getString(2)));
            }
            return found;
        } catch (SQLException e) {
            throw new WorklistException("cannot read subscriptions", e);
        }
    }

    private int update(String sql, Object... values) {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.update(c, sql, values);
        } catch (SQLException e) {
            throw new WorklistException("cannot update subscriptions", e);
        }
    }
}
