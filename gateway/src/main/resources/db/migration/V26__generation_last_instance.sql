-- Value figures (issue 10): the turnaround from the last instance of a study generation to its
-- completion needs the last instance's arrival time of that generation. studies.last_received_at moves
-- on with every follow-up and study_arrivals goes with the images, so the completion records it on
-- the generation's own row. Rows completed before this migration take it from study_arrivals.
-- Portable SQL (H2 and PostgreSQL).
ALTER TABLE study_generations ADD COLUMN last_instance_at TIMESTAMP WITH TIME ZONE;

UPDATE study_generations SET last_instance_at = (SELECT MAX(a.arrived_at) FROM study_arrivals a
    WHERE a.study_instance_uid = study_generations.study_instance_uid
      AND a.generation = study_generations.generation);
