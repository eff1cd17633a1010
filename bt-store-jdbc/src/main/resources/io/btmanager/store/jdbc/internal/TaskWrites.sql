-- The writes a user's change makes, each guarded by the task's version, the return of an expired
-- lease, deletion and purging (TaskWrites).

-- name: bump
-- The version guard of detaching an owner.
UPDATE bt_task SET version = version + 1 WHERE id = :id AND version = :version

-- name: delete-owner
DELETE FROM bt_task_owner WHERE task_id = :id AND owner = :owner

-- name: request-cancel
UPDATE bt_task SET cancel_requested = TRUE, version = version + 1
WHERE id = :id AND version = :version AND state = 'RUNNING'

-- name: cancel-waiting
UPDATE bt_task SET state = 'CANCELLED', active_dedup_key = NULL,
  finished_at = :now, error = :error, next_attempt_at = NULL, version = version + 1
WHERE id = :id AND version = :version AND state IN ('PENDING', 'SCHEDULED')

-- name: edit-details
UPDATE bt_task SET name = :name, description = :description,
  link = :link, priority = :priority, version = version + 1
WHERE id = :id AND version = :version

-- name: return-expired-lease
UPDATE bt_task SET state = :state, error = :error,
  finished_at = :finished_at, next_attempt_at = NULL,
  active_dedup_key = CASE WHEN :finished THEN NULL ELSE dedup_key END,
  lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
  cancel_requested = FALSE, version = version + 1
WHERE id = :id AND lease_token = :token AND state = 'RUNNING'
  AND lease_expires_at <= :now

-- name: delete
DELETE FROM bt_task WHERE id = :id AND version = :v

-- name: delete-owners-of
DELETE FROM bt_task_owner WHERE task_id IN (<ids>)

-- name: delete-executions-of
DELETE FROM bt_execution WHERE task_id IN (<ids>)

-- name: purge-pick
SELECT id FROM bt_task WHERE finished_at < :cutoff
ORDER BY finished_at LIMIT :max FOR UPDATE

-- name: purge
DELETE FROM bt_task WHERE id IN (<ids>)
