-- The worker's writes (WorkerWrites), each fenced by the claim's lease token. The store's now is
-- bound as :now (never the server's CURRENT_TIMESTAMP), so the store and the core judge time by
-- one clock. Claims and lease extensions differ by dialect: h2/ and postgresql/WorkerWrites.sql.

-- name: save-progress
UPDATE bt_task SET progress_done = :d, progress_total = :t,
  progress_message = :m, version = version + 1
WHERE id = :id AND lease_token = :token AND state = 'RUNNING'

-- name: complete
-- Ends one attempt (a JDBC batch of them), only if the task is still RUNNING under its lease token.
UPDATE bt_task SET state = :state, attempt = :attempt,
  progress_done = :progress_done, progress_total = :progress_total,
  progress_message = :progress_message, result = :result, error = :error,
  finished_at = :finished_at, next_attempt_at = :next_attempt_at,
  active_dedup_key = CASE WHEN :finished THEN NULL ELSE dedup_key END,
  ran_on = :ran_on, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
  cancel_requested = FALSE, version = version + 1
WHERE id = :id AND lease_token = :token AND state = 'RUNNING'

-- name: cancel-requested
-- Which of the tasks (an IN list) an owner asked to stop.
SELECT id FROM bt_task WHERE id IN (<ids>) AND cancel_requested
