-- How far the audit log has been sent to the ATNA syslog collector. One row, locked by the node
-- that exports (SELECT ... FOR UPDATE), so two nodes never send the same event twice in a row.
CREATE TABLE audit_export (
    id       INT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO audit_export (id, last_seq) VALUES (1, 0);
