-- bt-manager schema, version 4 (PostgreSQL): the waiting tasks that are not due yet (scheduled
-- later, or a retry backing off), in their own small index. A queue position is then two counts
-- of the queue index with no test on each entry, less the same two counts in this index of the
-- tasks not due yet; a task submitted to run now (next_attempt_at NULL) never enters it.
CREATE INDEX bt_task_queue_later ON bt_task (priority DESC, seq) INCLUDE (next_attempt_at)
  WHERE state IN ('PENDING', 'SCHEDULED') AND next_attempt_at IS NOT NULL;
