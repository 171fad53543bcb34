-- Named API tokens (docs/security.md). Only the SHA-256 of each secret is stored: the secret is
-- printed once when the token is created and cannot be read back from here. In the database, not in
-- a file, so every node sharing a PostgreSQL store accepts a token created on any of them, and a
-- revoked token is refused by all of them at once. Revoking deletes the row (the log keeps who and when).
CREATE TABLE api_tokens (
    name           VARCHAR(64)  NOT NULL PRIMARY KEY,
    role           VARCHAR(16)  NOT NULL,
    -- lower-case hex SHA-256 of the secret's UTF-8 bytes
    secret_sha256  CHAR(64)     NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- who made it: "cli" or the name of the admin token / OIDC user that called the API
    created_by     VARCHAR(128) NOT NULL,
    -- refreshed at most once a minute, so that use is visible without a write per request
    last_used_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_secret UNIQUE (secret_sha256),
    CONSTRAINT api_tokens_role CHECK (role IN ('viewer', 'operator', 'admin'))
);
