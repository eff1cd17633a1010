-- name: insert-execution
INSERT INTO bt_execution (task_id, attempt, configuration_id, node, started_at, finished_at,
  outcome, result, error)
VALUES (:task_id, :attempt, :configuration_id, :node, :started_at, :finished_at, :outcome,
  :result, :error)
