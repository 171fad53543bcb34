-- Signed checkpoints of the audit chain: row seq had this hash, signed with Ed25519 by the key named.
-- Kept when old audit rows are removed at the end of their retention: the newest checkpoint before
-- the first kept row vouches for that row's prev_hash.
CREATE TABLE audit_checkpoints (
    seq       BIGINT PRIMARY KEY,
    at        TIMESTAMP WITH TIME ZONE NOT NULL,
    hash      VARCHAR(64) NOT NULL,
    key_id    VARCHAR(16) NOT NULL,
    signature VARCHAR(128) NOT NULL
);
