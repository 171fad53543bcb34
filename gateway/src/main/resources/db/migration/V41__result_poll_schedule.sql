-- Issue 7: the DICOMweb poll schedule (results: poll) is the wait's row, not a node's memory, so it
-- survives a restart and is shared by every node on the store. A node claims a poll by moving
-- next_poll_at forward in one conditional UPDATE; the node whose UPDATE matched polls, the others see
-- the new time and wait for it. NULL: not polled yet, due now. Portable SQL (H2 and PostgreSQL).
ALTER TABLE result_waits ADD COLUMN next_poll_at TIMESTAMP WITH TIME ZONE;
