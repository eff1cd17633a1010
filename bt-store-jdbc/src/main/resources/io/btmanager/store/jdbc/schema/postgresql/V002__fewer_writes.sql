-- bt-manager schema, version 2 (PostgreSQL): fewer index entries and row locks written per task.
-- The node that ran a task's last attempt: with the row's other columns it is that attempt's
-- execution, so a finished task needs no execution row for its last attempt.
ALTER TABLE bt_task ADD COLUMN ran_on VARCHAR(100);
-- seq is read only through the queue index
ALTER TABLE bt_task DROP CONSTRAINT bt_task_seq_key;
-- only active tasks have a dedup key to guard: finished rows no longer enter the index
ALTER TABLE bt_task DROP CONSTRAINT bt_task_active_dedup_key_key;
CREATE UNIQUE INDEX bt_task_active_dedup ON bt_task (active_dedup_key)
  WHERE active_dedup_key IS NOT NULL;
-- a foreign key check locks the task row on every owner and execution insert; the store deletes
-- a task's owners and executions itself, in the transaction that deletes the task
ALTER TABLE bt_task_owner DROP CONSTRAINT bt_task_owner_task_id_fkey;
ALTER TABLE bt_execution DROP CONSTRAINT bt_execution_task_id_fkey;
