-- name: extend-lease
UPDATE bt_task SET lease_expires_at = DATEADD(MILLISECOND, :lease, CAST(:now AS TIMESTAMP WITH TIME ZONE)),
  version = version + 1
WHERE id = :id AND lease_token = :token AND state = 'RUNNING'

-- name: claim-pick
-- Picks the runnable tasks of the types by priority then seq, with a row lock (H2 serves one
-- process; its claims take turns, see H2Turn).
SELECT id FROM bt_task
WHERE state IN ('PENDING', 'SCHEDULED')
  AND (next_attempt_at IS NULL OR next_attempt_at <= CAST(:now AS TIMESTAMP WITH TIME ZONE))
  AND type IN (<types>) ORDER BY priority DESC, seq LIMIT :max FOR UPDATE

-- name: claim-mark
-- Marks the picked tasks (an IN list) RUNNING under a lease: each task's token is the claim's
-- random part, a dash and its seq.
UPDATE bt_task SET state = 'RUNNING', attempt = attempt + 1,
  started_at = CAST(:now AS TIMESTAMP WITH TIME ZONE), next_attempt_at = NULL,
  lease_owner = :node, lease_token = :claim || '-' || CAST(seq AS VARCHAR),
  lease_expires_at = DATEADD(MILLISECOND, :lease, CAST(:now AS TIMESTAMP WITH TIME ZONE)),
  cancel_requested = FALSE, version = version + 1
WHERE id IN (<ids>)
