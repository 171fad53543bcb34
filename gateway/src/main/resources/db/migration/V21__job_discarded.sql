-- The operator's surface (issue 11): an operator may discard a dead letter (POST /api/jobs/{id}/discard,
-- the web UI's Dead letters page) with a reason, which the job's history keeps. DISCARDED is final:
-- nothing more happens to the job, and the study's images may be purged like those of a finished job.
-- Portable SQL (H2 and PostgreSQL), as V9 did for QUARANTINED.
ALTER TABLE jobs DROP CONSTRAINT jobs_state;
ALTER TABLE jobs ADD CONSTRAINT jobs_state CHECK (state IN ('PENDING', 'DISPATCHING', 'WAITING_RESULT',
    'RESULT_RECEIVED', 'DELIVERING', 'DONE', 'FAILED', 'DEAD_LETTER', 'QUARANTINED', 'DISCARDED'));
