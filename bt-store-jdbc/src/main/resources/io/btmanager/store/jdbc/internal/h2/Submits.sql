-- Submit-or-join on H2 (H2Submits): no ON CONFLICT; the batch's keys are locked first, the new
-- rows inserted with JDBC batches.

-- name: lock-configurations
-- Locks the configurations a batch names (an IN list of up to Sql.IN_CHUNK); returns those that
-- exist.
SELECT id FROM bt_configuration WHERE id IN (<ids>) FOR UPDATE

-- name: lock-active
-- Locks the active tasks of the batch's dedup keys (an IN list); returns their ids and keys.
SELECT id, active_dedup_key FROM bt_task WHERE active_dedup_key IN (<keys>) FOR UPDATE

-- name: insert
INSERT INTO bt_task (id, version, type, name,
  description, arguments, dedup_key, active_dedup_key, state, priority, link,
  progress_done, progress_total, progress_message, created_at, started_at, finished_at,
  result, error, attempt, max_attempts, next_attempt_at, configuration_id,
  schedule_entry_id, lease_owner, lease_token, lease_expires_at, cancel_requested)
VALUES (:id, 0, :type, :name, :description, :arguments, :dedup_key, :active_dedup_key,
  :state, :priority, :link, :progress_done, :progress_total, :progress_message,
  :created_at, :started_at, :finished_at, :result, :error, :attempt, :max_attempts,
  :next_attempt_at, :configuration_id, :schedule_entry_id, :lease_owner, :lease_token,
  :lease_expires_at, :cancel_requested)

-- name: insert-owner
INSERT INTO bt_task_owner (task_id, owner) VALUES (:id, :owner)

-- name: join-owner
-- Adds an owner to a locked task unless it has it; counts 1 when it was added.
INSERT INTO bt_task_owner (task_id, owner) SELECT :id, :owner
WHERE NOT EXISTS (SELECT 1 FROM bt_task_owner WHERE task_id = :id
  AND owner = :owner)

-- name: bump-version
UPDATE bt_task SET version = version + 1 WHERE id = :id
