-- Configurations and schedule entries (SqlCatalog). A configuration's row is locked by every write
-- that refers to it and by its delete, so rule 10's "in use" check cannot race a new reference.

-- name: insert-configuration
INSERT INTO bt_configuration (id, owner, name, type, arguments,
  created_at, updated_at) VALUES (:id, :owner, :name, :type, :arguments, :created_at,
  :updated_at)

-- name: update-configuration
UPDATE bt_configuration SET name = :name, arguments = :arguments,
  updated_at = :updated_at WHERE id = :id

-- name: find-configuration
SELECT * FROM bt_configuration WHERE id = :id

-- name: configurations
SELECT * FROM bt_configuration ORDER BY created_at, id

-- name: configurations-of
SELECT * FROM bt_configuration WHERE owner = :owner ORDER BY created_at, id

-- name: lock-configuration
SELECT id FROM bt_configuration WHERE id = :id FOR UPDATE

-- name: configuration-in-use
SELECT 1 FROM bt_task WHERE configuration_id = :id
  AND state IN ('PENDING', 'SCHEDULED', 'RUNNING')
UNION ALL SELECT 1 FROM bt_schedule_entry WHERE configuration_id = :id

-- name: delete-configuration
DELETE FROM bt_configuration WHERE id = :id

-- name: insert-schedule-entry
INSERT INTO bt_schedule_entry (id, owner, name, type,
  configuration_id, arguments, priority, period_ms, cron, zone, missed_policy, enabled,
  next_fire_at, last_fired_at, created_at) VALUES (:id, :owner, :name, :type,
  :configuration_id, :arguments, :priority, :period_ms, :cron, :zone, :missed_policy,
  :enabled, :next_fire_at, :last_fired_at, :created_at)

-- name: update-schedule-entry
UPDATE bt_schedule_entry SET owner = :owner, name = :name,
  type = :type, configuration_id = :configuration_id, arguments = :arguments,
  priority = :priority, period_ms = :period_ms, cron = :cron, zone = :zone,
  missed_policy = :missed_policy, enabled = :enabled, next_fire_at = :next_fire_at,
  last_fired_at = :last_fired_at, created_at = :created_at WHERE id = :id

-- name: find-schedule-entry
SELECT * FROM bt_schedule_entry WHERE id = :id

-- name: schedule-entries
SELECT * FROM bt_schedule_entry ORDER BY created_at, id

-- name: schedule-entries-of
SELECT * FROM bt_schedule_entry WHERE owner = :owner ORDER BY created_at, id

-- name: delete-schedule-entry
DELETE FROM bt_schedule_entry WHERE id = :id

-- name: due-schedule-entries
SELECT * FROM bt_schedule_entry WHERE enabled
  AND next_fire_at <= :now AND type IN (<types>) ORDER BY next_fire_at LIMIT :max

-- name: advance-schedule-entry
-- Advances an entry past an occurrence if it is still at it (part of firing the occurrence).
UPDATE bt_schedule_entry SET next_fire_at = :next,
  last_fired_at = :fired WHERE id = :id AND next_fire_at = :expected
