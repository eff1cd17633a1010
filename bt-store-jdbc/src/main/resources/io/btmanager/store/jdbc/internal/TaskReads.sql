-- Reading tasks (TaskReads). A task row comes with its owners in one statement on both dialects
-- (H2 has no ARRAY(query); both have ARRAY_AGG): Rows.owners reads the column. The store's now is
-- bound as :now.

-- name: load
-- The tasks with these ids (an IN list), with their owners.
SELECT t.*, (SELECT ARRAY_AGG(o.owner) FROM bt_task_owner o
  WHERE o.task_id = t.id) AS owners FROM bt_task t
WHERE t.id IN (<ids>)

-- name: expired-leases
SELECT id FROM bt_task WHERE state = 'RUNNING'
  AND lease_expires_at <= CAST(:now AS TIMESTAMP WITH TIME ZONE) ORDER BY lease_expires_at LIMIT :max

-- name: run-times
-- The start and end of the type's latest SUCCEEDED tasks, read through the finished index.
SELECT started_at, finished_at FROM bt_task
WHERE state = 'SUCCEEDED' AND type = :type AND finished_at IS NOT NULL
  AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT :n

-- name: executions
SELECT * FROM bt_execution WHERE task_id = :id ORDER BY seq

-- name: finished-row
-- The row of a finished task that holds its last attempt (ran_on set, see WorkerWrites).
SELECT * FROM bt_task WHERE id = :id AND ran_on IS NOT NULL
  AND state IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
