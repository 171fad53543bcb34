-- Accountability (issue 10), part 2: the usage ledger and radiologists' feedback on results.
-- Portable SQL: the same migration runs on H2 and PostgreSQL. No foreign keys to jobs, results or
-- instances: these rows outlive the images and identity the retention purge removes.

-- One row per (algorithm, study, generation) a vendor processed (acknowledged the dispatch).
CREATE TABLE usage_ledger (
    algorithm_id         VARCHAR(128)  NOT NULL,
    study_instance_uid   VARCHAR(64)   NOT NULL,
    generation           INTEGER       NOT NULL,
    -- the job whose dispatch or result last touched the row
    job_id               VARCHAR(36)   NOT NULL,
    route_name           VARCHAR(128)  NOT NULL,
    -- CLINICAL or SHADOW: a shadow run is processed (and billed) like a clinical one
    mode                 VARCHAR(16)   NOT NULL,
    site                 VARCHAR(64)   NOT NULL,
    -- the first acknowledged dispatch: decides the billing month and the tier order
    dispatched_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- PENDING, RECEIVED, QUARANTINED, NO_RESULT
    result_status        VARCHAR(16)   NOT NULL,
    result_at            TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (algorithm_id, study_instance_uid, generation),
    CONSTRAINT usage_ledger_status CHECK (result_status IN ('PENDING', 'RECEIVED', 'QUARANTINED', 'NO_RESULT'))
);

CREATE INDEX usage_ledger_dispatched ON usage_ledger (dispatched_at);

-- A radiologist's word on a result: agree, disagree or partly, an optional correct finding and a
-- comment. Several may be given; the newest per result counts in the figures.
CREATE TABLE result_feedback (
    id                   VARCHAR(36)   NOT NULL PRIMARY KEY,
    result_id            VARCHAR(36)   NOT NULL,
    job_id               VARCHAR(36)   NOT NULL,
    algorithm_id         VARCHAR(128)  NOT NULL,
    study_instance_uid   VARCHAR(64)   NOT NULL,
    site                 VARCHAR(64)   NOT NULL,
    mode                 VARCHAR(16)   NOT NULL,
    -- the algorithm's verdict the feedback is about: positive, negative, inconclusive, failed
    verdict              VARCHAR(16)   NOT NULL,
    agreement            VARCHAR(8)    NOT NULL,
    -- the finding the radiologist says is right (free text or a code), when they give one
    correct_finding      VARCHAR(400),
    comment              VARCHAR(2000),
    -- TOKEN or OIDC, and the token's name or the OIDC user
    given_by_kind        VARCHAR(16)   NOT NULL,
    given_by             VARCHAR(256)  NOT NULL,
    given_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT result_feedback_agreement CHECK (agreement IN ('AGREE', 'DISAGREE', 'PARTLY'))
);

CREATE INDEX result_feedback_result ON result_feedback (result_id, given_at);
CREATE INDEX result_feedback_algorithm ON result_feedback (algorithm_id, given_at);
