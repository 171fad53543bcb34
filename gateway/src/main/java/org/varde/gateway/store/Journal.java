package org.varde.gateway.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of what the spool holds. Every method blocks on the database: call it from a
 * worker thread ({@code vertx.executeBlocking}), never from an event loop.
 */
public interface Journal extends AutoCloseable {
    /** Inserts the instance, or replaces the row of the same SOP Instance UID (a resend). */
    void record(InstanceRecord instance);

    Optional<InstanceRecord> instance(String sopInstanceUid);

    /** SOP Instance UID to spool path of every journaled instance, for the start-up reconcile. */
    Map<String, String> spoolPaths();

    /** Marks exactly these instances as missing their file, and clears the mark on all others. */
    void markFilesMissing(Collection<String> sopInstanceUids);

    /** Most recently received first. */
    List<StudySummary> studies(int limit);

    /** The instances of one study, by series then receive time; empty when the study is unknown. */
    List<InstanceRecord> instancesOfStudy(String studyInstanceUid);

    @Override
    void close();
}
