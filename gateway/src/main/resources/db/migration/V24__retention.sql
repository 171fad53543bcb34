-- Retention (issue 10, "no image kept"): the cleaner removes a study's images from the spool and its
-- identity from the journal, and keeps what audit, value figures and usage need (UIDs, counts, bytes,
-- times). Portable SQL: the same migration runs on H2 and PostgreSQL.

-- When the instance's file was purged and its identity columns cleared; NULL while the image is held.
-- A resend of a purged instance journals it again (JdbcJournal clears the mark): it is held once more.
ALTER TABLE instances ADD COLUMN purged_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX instances_purged ON instances (purged_at, study_instance_uid);

-- A vendor's result object kept in the spool's results area is an image too: purged with its study.
ALTER TABLE result_objects ADD COLUMN purged_at TIMESTAMP WITH TIME ZONE;

-- One row per study the cleaner has purged or is purging. A purge is decided and claimed here first
-- (PURGING, with a lease, so one node purges a study), then the files go, then one transaction clears
-- the identity, records the counts, marks the row DONE and appends the audit event. A crash between
-- the steps leaves the row PURGING: the next run (of any node, once the lease ran out) finishes it with
-- the reason it was decided for. A study purged again (a late instance) reuses its row.
CREATE TABLE retention_purges (
    study_instance_uid   VARCHAR(64)   NOT NULL PRIMARY KEY,
    state                VARCHAR(16)   NOT NULL,
    -- GRACE_ELAPSED, HARD_LIMIT, DISK_PRESSURE
    reason               VARCHAR(16)   NOT NULL,
    -- the reason in words (when the study finished, or when its first image arrived)
    detail               VARCHAR(1000) NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner          VARCHAR(128),
    lease_expires_at     TIMESTAMP WITH TIME ZONE,
    finished_at          TIMESTAMP WITH TIME ZONE,
    -- what the last purge of the study removed
    instances_removed    INTEGER       DEFAULT 0 NOT NULL,
    objects_removed      INTEGER       DEFAULT 0 NOT NULL,
    bytes_removed        BIGINT        DEFAULT 0 NOT NULL,
    -- purges of this study so far (a late instance makes a second one)
    purges               INTEGER       DEFAULT 0 NOT NULL,
    CONSTRAINT retention_purges_state CHECK (state IN ('PURGING', 'DONE')),
    CONSTRAINT retention_purges_reason CHECK (reason IN ('GRACE_ELAPSED', 'HARD_LIMIT', 'DISK_PRESSURE'))
);

CREATE INDEX retention_purges_state ON retention_purges (state, lease_expires_at);
