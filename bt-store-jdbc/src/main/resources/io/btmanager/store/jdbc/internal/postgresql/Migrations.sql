-- name: lock
-- Serialises migrations between processes starting at once: held until the migration commits.
SELECT pg_advisory_xact_lock(7262811)
