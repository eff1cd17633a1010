-- name: extend-lease
UPDATE bt_task SET lease_expires_at = (CAST(:now AS TIMESTAMP WITH TIME ZONE) + :lease * INTERVAL '1 millisecond'),
  version = version + 1
WHERE id = :id AND lease_token = :token AND state = 'RUNNING'

-- name: turn-settings
-- A turn's planner settings, for its transaction only. Each turn runs the same two statements with
-- only their arrays and limit changed: the server plans them once per connection instead of at
-- every turn (a custom plan costs more to make than the claim costs to run). And the turn's index
-- paths are pinned: a queue table filled from empty has stale statistics, and the planner would
-- otherwise sort every waiting row to return a few, or scan the whole table to find the rows a
-- claim picked (ClaimScanTest).
SELECT set_config('plan_cache_mode', 'force_generic_plan', true),
  set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true),
  set_config('enable_seqscan', 'off', true)

-- name: complete-all
-- A turn's outcomes, one statement for all: each row is written only if the task is still RUNNING
-- under the outcome's lease token; returns the ids written. Timestamps come as ISO-8601 text.
-- The arrays come in id order (PostgresTurn), the order the node's heartbeat writes rows in
-- (WorkerWrites.extendLeases): whether the plan follows the arrays or the primary key, the two never
-- wait for each other in a cycle (StoreLeasesContract). A lock pass in id order ahead of the update
-- would not depend on the plan at all, but cost about a tenth of EndToEnd.postgres (18,000 against
-- 20,000 tasks/s).
UPDATE bt_task t SET state = v.state,
  attempt = v.attempt, progress_done = v.done, progress_total = v.total,
  progress_message = v.message, result = v.result, error = v.error,
  finished_at = v.finished_at, next_attempt_at = v.next_attempt_at,
  active_dedup_key = CASE WHEN v.finished THEN NULL ELSE t.dedup_key END,
  ran_on = v.ran_on, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
  cancel_requested = FALSE, version = t.version + 1
FROM unnest(:c_id::varchar[], :c_token::varchar[], :c_state::varchar[],
  :c_attempt::int[], :c_done::bigint[], :c_total::bigint[], :c_message::varchar[],
  :c_result::text[], :c_error::text[], :c_finished_at::timestamptz[],
  :c_next_attempt_at::timestamptz[], :c_finished::boolean[], :c_ran_on::varchar[])
AS v(id, token, state, attempt, done, total, message, result, error, finished_at,
  next_attempt_at, finished, ran_on)
WHERE t.id = v.id AND t.lease_token = v.token AND t.state = 'RUNNING'
RETURNING t.id

-- name: claim
-- One statement picks, locks (skipping rows other nodes hold), marks and returns the tasks with
-- their owners; each task's token is the claim's random part, a dash and its seq. The picked ids
-- are looked up by primary key (= ANY of their array), not joined: a join let the generic plan hash
-- them against a sequential scan of the whole table whenever the statistics described a small one
-- (ClaimScanTest).
WITH picked AS (SELECT id FROM bt_task
  WHERE state IN ('PENDING', 'SCHEDULED')
    AND (next_attempt_at IS NULL OR next_attempt_at <= CAST(:now AS TIMESTAMP WITH TIME ZONE))
    AND type = ANY (:types) ORDER BY priority DESC, seq LIMIT :max FOR UPDATE SKIP LOCKED)
UPDATE bt_task t SET state = 'RUNNING', attempt = attempt + 1,
  started_at = CAST(:now AS TIMESTAMP WITH TIME ZONE), next_attempt_at = NULL,
  lease_owner = :node, lease_token = :claim || '-' || CAST(seq AS VARCHAR),
  lease_expires_at = (CAST(:now AS TIMESTAMP WITH TIME ZONE) + :lease * INTERVAL '1 millisecond'),
  cancel_requested = FALSE, version = version + 1
WHERE t.id = ANY (ARRAY(SELECT id FROM picked))
RETURNING t.*,
  ARRAY(SELECT o.owner FROM bt_task_owner o WHERE o.task_id = t.id) AS owners
