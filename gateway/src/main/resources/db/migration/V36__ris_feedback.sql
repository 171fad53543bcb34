-- Accountability (issue 10): radiologists' feedback taken from the RIS as FHIR R4 resources
-- (docs/ris.md, "Feedback from the RIS"). Portable SQL (H2 and PostgreSQL).

-- The ris role: a RIS's token that may send feedback to /fhir/ and do nothing else.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role CHECK (role IN ('viewer', 'reviewer', 'operator', 'admin',
    'vendor', 'ris'));

-- What a feedback from the RIS came as: '<token name> <resource key>' (the RIS's own identifier of its
-- Observation, the Observation's id, or Varde's Task identifier). A resend of the same resource
-- replaces its one row instead of adding a second. NULL for feedback given through the API, by a
-- review, or by a RIS create that named neither id nor identifier. At most 64 + 1 + 512 + a prefix.
ALTER TABLE result_feedback ADD COLUMN source_ref VARCHAR(600);

CREATE UNIQUE INDEX result_feedback_source ON result_feedback (source_ref);
