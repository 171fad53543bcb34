-- IHE AIW-I (issue 7): Varde as Task Manager keeps one UPS workitem (PS3.4 Annex CC) per dispatch of a
-- job to an algorithm reached by the ups protocol; a pull-model vendor (Task Performer) finds, claims
-- and completes it over UPS-RS (PS3.18 11). Portable SQL (H2 and PostgreSQL).
CREATE TABLE workitems (
    -- the UPS SOP Instance UID
    uid                   VARCHAR(64)    NOT NULL PRIMARY KEY,
    job_id                VARCHAR(36)    NOT NULL REFERENCES jobs (id),
    -- the job's key: a resend of the same job finds its open workitem instead of making another
    idempotency_key       VARCHAR(64)    NOT NULL,
    -- the catalogue id: only the vendor token of that name sees the workitem
    algorithm_id          VARCHAR(128)   NOT NULL,
    study_instance_uid    VARCHAR(64)    NOT NULL,
    -- Procedure Step State (0074,1000), PS3.4 CC.1.1
    state                 VARCHAR(16)    NOT NULL,
    -- Scheduled Procedure Step Priority (0074,1200)
    priority              VARCHAR(8)     NOT NULL,
    -- where the performer retrieves the input (WADO-RS base), or NULL when the catalogue names none
    retrieve_base_url     VARCHAR(2048),
    -- Transaction UID (0008,1195) of the performer that claimed it; never shown to anyone
    transaction_uid       VARCHAR(64),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at            TIMESTAMP WITH TIME ZONE,
    finished_at           TIMESTAMP WITH TIME ZONE,
    -- a cancellation Varde asked for (PS3.4 CC.2.2): when and why
    cancel_requested_at   TIMESTAMP WITH TIME ZONE,
    cancel_reason         VARCHAR(1024),
    -- who ended it (the performer or Varde) and why, for a CANCELED one
    ended_by              VARCHAR(16),
    final_reason          VARCHAR(1024),
    -- when what the performer did was told to the job (a cancel fails its attempt); NULL: not yet
    applied_at            TIMESTAMP WITH TIME ZONE,
    CONSTRAINT workitems_state CHECK (state IN ('SCHEDULED', 'IN PROGRESS', 'COMPLETED', 'CANCELED')),
    CONSTRAINT workitems_priority CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW'))
);

CREATE INDEX workitems_by_algorithm ON workitems (algorithm_id, state);
CREATE INDEX workitems_by_key ON workitems (idempotency_key);
CREATE INDEX workitems_by_job ON workitems (job_id);

-- The instances a workitem's performer may retrieve (Input Information Sequence (0040,4021)): WADO-RS
-- serves these and nothing else, and only to the workitem's vendor.
CREATE TABLE workitem_instances (
    workitem_uid          VARCHAR(64)    NOT NULL REFERENCES workitems (uid),
    study_instance_uid    VARCHAR(64)    NOT NULL,
    series_instance_uid   VARCHAR(64)    NOT NULL,
    sop_class_uid         VARCHAR(64)    NOT NULL,
    sop_instance_uid      VARCHAR(64)    NOT NULL,
    PRIMARY KEY (workitem_uid, sop_instance_uid)
);

CREATE INDEX workitem_instances_by_series ON workitem_instances (study_instance_uid, series_instance_uid);
