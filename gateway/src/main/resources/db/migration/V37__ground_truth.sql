-- Accountability (issue 10): the ground truth of studies whose truth is known (the sandbox
-- generator's ground-truth.json, posted to POST /api/value/ground-truth), so that the value figures
-- can count true and false positives and negatives for clinical and shadow routes alike.
-- Portable SQL (H2 and PostgreSQL). No foreign key: a ground truth may be posted before its study
-- arrives, and it outlives the images the retention purge removes.

-- One row per study and finding: whether the finding is truly present. Posting it again replaces it.
CREATE TABLE ground_truth (
    study_instance_uid   VARCHAR(64)   NOT NULL,
    -- the generator's name of the finding: nodule, pe, opacity, fracture
    finding              VARCHAR(32)   NOT NULL,
    -- the code a result names the finding by (value.TruthFinding): results are matched on it
    code_scheme          VARCHAR(16)   NOT NULL,
    code_value           VARCHAR(64)   NOT NULL,
    presence             VARCHAR(8)    NOT NULL,
    -- the generator's kind of study (ct-thorax, cxr, wrist, ...), as told
    kind                 VARCHAR(32)   NOT NULL,
    -- TOKEN, OIDC or DEMO, and who
    recorded_by_kind     VARCHAR(16)   NOT NULL,
    recorded_by          VARCHAR(256)  NOT NULL,
    recorded_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (study_instance_uid, finding),
    CONSTRAINT ground_truth_presence CHECK (presence IN ('PRESENT', 'ABSENT'))
);
