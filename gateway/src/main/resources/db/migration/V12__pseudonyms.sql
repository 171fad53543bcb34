-- Privacy: the pseudonyms given to each algorithm's vendor (PS3.15 Annex E), so that the same study,
-- its follow-ups and the same patient get the same replacements every time, and results coming back
-- can be re-identified. Scope is the algorithm id: each vendor sees its own pseudonyms, so two vendors
-- cannot join what they received. Portable SQL: the same migration runs on H2 and PostgreSQL.

-- One row per original UID (study, series, instance, frame of reference, referenced UIDs) and scope.
CREATE TABLE pseudonym_uids (
    scope                VARCHAR(128)  NOT NULL,
    original_uid         VARCHAR(64)   NOT NULL,
    pseudonym_uid        VARCHAR(64)   NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pseudonym_uids_original PRIMARY KEY (scope, original_uid),
    -- a replacement is a fresh 2.25 UUID-derived UID: unique over every scope, so a pseudonym names one original
    CONSTRAINT pseudonym_uids_pseudonym UNIQUE (pseudonym_uid)
);

-- One row per patient and scope: the pseudonymous Patient ID and the day offset of every date.
CREATE TABLE pseudonym_patients (
    scope                VARCHAR(128)  NOT NULL,
    -- the original Patient ID (with its issuer when there is one), or "study:<uid>" for a study without one
    patient_key          VARCHAR(200)  NOT NULL,
    pseudonym_id         VARCHAR(64)   NOT NULL,
    day_shift            INTEGER       NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pseudonym_patients_key PRIMARY KEY (scope, patient_key),
    CONSTRAINT pseudonym_patients_pseudonym UNIQUE (pseudonym_id)
);
