-- Accountability (issue 10), part 1: the site of every study, and the hash-chained audit log.
-- Portable SQL: the same migration runs on H2 and PostgreSQL.

-- The site a study was given when its first instance arrived (sites: block); never changed afterwards,
-- so figures and usage split by site stay what they were when the config changes.
CREATE TABLE study_sites (
    study_instance_uid   VARCHAR(64)   NOT NULL PRIMARY KEY,
    site                 VARCHAR(64)   NOT NULL,
    -- CALLING_AE_TITLE, INSTITUTION_NAME or NONE (the site is then 'unassigned')
    matched_by           VARCHAR(24)   NOT NULL,
    assigned_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX study_sites_site ON study_sites (site);

-- One row per audit event, append-only. Each row carries prev_hash (the previous row's hash) and
-- hash = SHA-256(prev_hash || canonical content of this row) (audit.AuditChain), so a changed, removed
-- or reordered row breaks the chain from there on. seq is dense from 1: a gap is a removed row.
CREATE TABLE audit_events (
    seq                  BIGINT        NOT NULL PRIMARY KEY,
    at                   TIMESTAMP WITH TIME ZONE NOT NULL,
    node                 VARCHAR(128)  NOT NULL,
    -- TOKEN, OIDC, DEMO, CLI, SYSTEM, PEER (an AE title)
    actor_kind           VARCHAR(16)   NOT NULL,
    actor                VARCHAR(256)  NOT NULL,
    action               VARCHAR(40)   NOT NULL,
    -- SUCCESS, FAILURE, REFUSED
    outcome              VARCHAR(16)   NOT NULL,
    study_instance_uid   VARCHAR(64),
    job_id               VARCHAR(36),
    algorithm_id         VARCHAR(128),
    site                 VARCHAR(64),
    -- where to: a vendor endpoint, a sink, a path of the API
    target               VARCHAR(512),
    -- why and what, in words; identity only where the event itself discloses it
    detail               VARCHAR(4000),
    prev_hash            CHAR(64)      NOT NULL,
    hash                 CHAR(64)      NOT NULL
);

CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_study ON audit_events (study_instance_uid);

-- The head of the chain: one row, locked (SELECT ... FOR UPDATE) by every append, so appends from
-- every node sharing the store are serialised and each links to the one before it. Deleting the
-- newest rows leaves the head pointing past them: verify reports the chain as cut.
CREATE TABLE audit_head (
    id                   INTEGER       NOT NULL PRIMARY KEY,
    last_seq             BIGINT        NOT NULL,
    last_hash            CHAR(64)      NOT NULL,
    CONSTRAINT audit_head_one CHECK (id = 1)
);

INSERT INTO audit_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
