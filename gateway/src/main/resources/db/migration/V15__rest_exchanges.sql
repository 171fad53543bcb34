-- REST vendors (issue 7): what the results stage needs to get a job's JSON result back, one row per
-- job, replaced by each dispatch attempt. Portable SQL (H2 and PostgreSQL).
CREATE TABLE rest_exchanges (
    job_id             VARCHAR(36)    NOT NULL PRIMARY KEY REFERENCES jobs (id),
    algorithm_id       VARCHAR(128)   NOT NULL,
    -- SHA-256 (hex) of the attempt's webhook secret; the secret itself is never stored. NULL: polled
    secret_sha256      VARCHAR(64),
    -- when the vendor's callback used the secret: it is not accepted a second time
    secret_used_at     TIMESTAMP WITH TIME ZONE,
    -- from the vendor's answer to the job's POST; only on the endpoint's own origin
    status_url         VARCHAR(2048),
    result_url         VARCHAR(2048),
    -- TRUE once the vendor said the job ended (callback, or a status of done or failed)
    ready              BOOLEAN        NOT NULL,
    -- the vendor's words when it reported that the job failed
    vendor_error       VARCHAR(1024),
    -- when the row is next looked at: a poll, or the end of a node's claim on it
    next_check_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rest_exchanges_due ON rest_exchanges (next_check_at);
