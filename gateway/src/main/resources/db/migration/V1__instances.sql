-- The ingest journal: one row per SOP instance in the spool. Portable SQL: the same migration runs
-- on embedded H2 and on PostgreSQL (no vendor types, no MERGE, no identity tricks).
CREATE TABLE instances (
    sop_instance_uid     VARCHAR(64)   NOT NULL PRIMARY KEY,
    study_instance_uid   VARCHAR(64)   NOT NULL,
    series_instance_uid  VARCHAR(64)   NOT NULL,
    sop_class_uid        VARCHAR(64)   NOT NULL,
    transfer_syntax_uid  VARCHAR(64)   NOT NULL,
    patient_id           VARCHAR(64),
    patient_name         VARCHAR(400),
    patient_birth_date   VARCHAR(16),
    patient_sex          VARCHAR(16),
    patient_age          VARCHAR(16),
    accession_number     VARCHAR(64),
    modality             VARCHAR(16),
    body_part_examined   VARCHAR(64),
    study_description    VARCHAR(400),
    series_description   VARCHAR(400),
    image_type           VARCHAR(400),
    slice_thickness      DOUBLE PRECISION,
    view_position        VARCHAR(16),
    institution_name     VARCHAR(400),
    station_name         VARCHAR(64),
    manufacturer         VARCHAR(64),
    calling_ae_title     VARCHAR(16),
    byte_count           BIGINT        NOT NULL,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    spool_path           VARCHAR(255)  NOT NULL,
    file_missing         BOOLEAN       DEFAULT FALSE NOT NULL
);

CREATE INDEX instances_study ON instances (study_instance_uid);
CREATE INDEX instances_series ON instances (series_instance_uid);
CREATE INDEX instances_received ON instances (received_at);
