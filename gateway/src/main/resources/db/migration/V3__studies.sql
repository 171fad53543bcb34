-- Study assembly: when a study is complete, durably, so a restart resumes its timers and several
-- nodes complete each study once. Portable SQL: the same migration runs on embedded H2 and PostgreSQL.

-- One row per study: where its current generation stands.
CREATE TABLE studies (
    study_instance_uid   VARCHAR(64)   NOT NULL PRIMARY KEY,
    -- ASSEMBLING while instances may still come, COMPLETE once a trigger fired for this generation
    state                VARCHAR(16)   NOT NULL,
    -- 0 for the first completion, +1 for every follow-up ("study updated") opened by a late instance
    generation           INTEGER       NOT NULL,
    first_received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- last instance + the idle timeout; NULL once complete
    idle_deadline        TIMESTAMP WITH TIME ZONE,
    completed_at         TIMESTAMP WITH TIME ZONE,
    completion_trigger   VARCHAR(24),
    CONSTRAINT studies_state CHECK (state IN ('ASSEMBLING', 'COMPLETE')),
    CONSTRAINT studies_generation CHECK (generation >= 0)
);

-- the sweep and the timer look for the earliest idle deadline of studies still assembling
CREATE INDEX studies_state_deadline ON studies (state, idle_deadline);

-- One row per completed generation: the durable hand-over to routing. routed_at stays NULL until the
-- completion listener (routing, job creation) succeeded; the sweep hands over again every row whose
-- hand-over lease ran out, so a crash between completion and job creation loses nothing.
CREATE TABLE study_generations (
    study_instance_uid   VARCHAR(64)   NOT NULL REFERENCES studies (study_instance_uid),
    generation           INTEGER       NOT NULL,
    completion_trigger   VARCHAR(24)   NOT NULL,
    completed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_by         VARCHAR(128),
    handover_until       TIMESTAMP WITH TIME ZONE NOT NULL,
    handover_attempts    INTEGER       DEFAULT 0 NOT NULL,
    routed_at            TIMESTAMP WITH TIME ZONE,
    last_error           VARCHAR(2000),
    PRIMARY KEY (study_instance_uid, generation),
    CONSTRAINT study_generations_trigger CHECK (completion_trigger IN
        ('IDLE', 'MPPS_COMPLETED', 'MPPS_DISCONTINUED', 'EXPECTED_SERIES', 'API'))
);

CREATE INDEX study_generations_unrouted ON study_generations (routed_at, handover_until);

-- Which generation each instance arrived in: instances after a completion are the follow-up's.
CREATE TABLE study_arrivals (
    sop_instance_uid     VARCHAR(64)   NOT NULL PRIMARY KEY,
    study_instance_uid   VARCHAR(64)   NOT NULL REFERENCES studies (study_instance_uid),
    series_instance_uid  VARCHAR(64)   NOT NULL,
    generation           INTEGER       NOT NULL,
    arrived_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX study_arrivals_study ON study_arrivals (study_instance_uid, generation);

-- Modality Performed Procedure Steps (PS3.4 F.7) as the MPPS SCP received them.
CREATE TABLE mpps (
    sop_instance_uid     VARCHAR(64)   NOT NULL PRIMARY KEY,
    -- PS3.3 C.4.14 Performed Procedure Step Status: IN PROGRESS, COMPLETED, DISCONTINUED
    status               VARCHAR(16)   NOT NULL,
    calling_ae_title     VARCHAR(16),
    -- a COMPLETED step waits for its referenced instances until this time, then completes anyway
    grace_deadline       TIMESTAMP WITH TIME ZONE,
    -- when the step's final status was acted on (its studies completed, or nothing left to complete)
    settled_at           TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mpps_status CHECK (status IN ('IN PROGRESS', 'COMPLETED', 'DISCONTINUED'))
);

CREATE INDEX mpps_pending ON mpps (settled_at, grace_deadline);

-- The studies a step belongs to: Scheduled Step Attributes Sequence (0040,0270) > Study Instance UID.
CREATE TABLE mpps_studies (
    mpps_uid             VARCHAR(64)   NOT NULL REFERENCES mpps (sop_instance_uid),
    study_instance_uid   VARCHAR(64)   NOT NULL,
    PRIMARY KEY (mpps_uid, study_instance_uid)
);

CREATE INDEX mpps_studies_study ON mpps_studies (study_instance_uid);

-- The instances a step says it produced: Performed Series Sequence (0040,0340) > Referenced Image
-- Sequence (0008,1140) and Referenced Non-Image Composite SOP Instance Sequence (0040,0220).
CREATE TABLE mpps_references (
    mpps_uid             VARCHAR(64)   NOT NULL REFERENCES mpps (sop_instance_uid),
    sop_instance_uid     VARCHAR(64)   NOT NULL,
    series_instance_uid  VARCHAR(64),
    PRIMARY KEY (mpps_uid, sop_instance_uid)
);
