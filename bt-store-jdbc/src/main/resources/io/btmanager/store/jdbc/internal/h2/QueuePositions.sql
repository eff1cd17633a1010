-- The runnable tasks ahead of a task (no row when it is not runnable now), in one statement, so one
-- snapshot: two range counts of the queue index (priority DESC, seq), the higher priorities and the
-- same priority with a lower seq. One count of "priority > p OR (priority = p AND seq < s)" is no
-- range of that index and would scan all of it.

-- name: ahead-of-one
SELECT
  (SELECT COUNT(*) FROM bt_task WHERE state IN ('PENDING', 'SCHEDULED')
    AND (next_attempt_at IS NULL OR next_attempt_at <= CAST(:now AS TIMESTAMP WITH TIME ZONE))
    AND priority > me.priority)
  + (SELECT COUNT(*) FROM bt_task WHERE state IN ('PENDING', 'SCHEDULED')
    AND (next_attempt_at IS NULL OR next_attempt_at <= CAST(:now AS TIMESTAMP WITH TIME ZONE))
    AND priority = me.priority AND seq < me.seq)
FROM bt_task me WHERE me.id = :id AND state IN ('PENDING', 'SCHEDULED')
  AND (next_attempt_at IS NULL OR next_attempt_at <= CAST(:now AS TIMESTAMP WITH TIME ZONE))

