-- name: lock
-- Serialises migrations between processes starting at once.
SELECT version FROM bt_schema_version FOR UPDATE
