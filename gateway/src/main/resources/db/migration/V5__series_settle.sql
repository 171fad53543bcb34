-- The expected-series trigger settles instead of firing: once the route's expected series (say the
-- thin axial reconstruction) has arrived in a generation, the study is complete this long after its
-- last instance, whatever series that instance belongs to, instead of the longer idle timeout.
-- NULL while the expected series has not arrived in the current generation; cleared when a follow-up
-- generation opens, so every generation settles on its own instances.
ALTER TABLE studies ADD COLUMN series_settle_millis BIGINT;
