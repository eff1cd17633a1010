-- Submit-or-join on PostgreSQL (PostgresSubmits): a fixed number of statements a batch whatever
-- its size, with text that never changes (arrays bound whole).

-- name: insert-all
-- Inserts the first task of each key with the owners of all the key's occurrences, skipping
-- (without error) each task whose key has an active task: committed, inserted earlier in this
-- transaction, or inserted by a concurrent transaction, which is waited for. Returns the inserted
-- tasks' ids and seqs. Seqs are drawn in input order, but rows are inserted in key order, so that
-- concurrent batches sharing keys queue on each other instead of deadlocking. The constant columns
-- of a fresh task are literals: what StoredTask.created makes of a NewTask (Progress.NONE is 0 of
-- 1, ''). Its plan touches bt_task only through the unique index of the active keys, so the plan
-- the server caches for it suits any table size.
WITH ins AS (
  INSERT INTO bt_task (id, seq, version, type, name, description, arguments, dedup_key,
    active_dedup_key, state, priority, link, progress_done, progress_total,
    progress_message, created_at, attempt, max_attempts, next_attempt_at,
    configuration_id, schedule_entry_id, cancel_requested)
  SELECT t.id, t.seq, 0, t.type, t.name, t.description, t.arguments, t.dedup_key,
    t.dedup_key, t.state, t.priority, t.link, 0, 1, '',
    t.created_at, 0, t.max_attempts, t.next_attempt_at, t.configuration_id,
    t.schedule_entry_id, FALSE
  FROM (SELECT u.*,
      nextval((SELECT pg_get_serial_sequence('bt_task', 'seq')::regclass)) AS seq
    FROM unnest(:id::varchar[], :type::varchar[], :name::varchar[],
      :description::varchar[], :arguments::text[], :dedup_key::varchar[], :state::varchar[],
      :priority::int[], :link::varchar[], :created_at::timestamptz[], :max_attempts::int[],
      :next_attempt_at::timestamptz[], :configuration_id::varchar[],
      :schedule_entry_id::varchar[])
    AS u(id, type, name, description, arguments, dedup_key, state, priority, link,
      created_at, max_attempts, next_attempt_at, configuration_id, schedule_entry_id)) AS t
  ORDER BY t.dedup_key
  ON CONFLICT (active_dedup_key) WHERE active_dedup_key IS NOT NULL DO NOTHING
  RETURNING id, seq),
own AS (INSERT INTO bt_task_owner (task_id, owner)
  SELECT o.task_id, o.owner FROM unnest(:owner_task::varchar[], :owner::varchar[])
  AS o(task_id, owner) JOIN ins ON ins.id = o.task_id)
SELECT id, seq FROM ins

-- name: insert-one
-- insert-all for a single key, with scalar parameters: a round trip's worth cheaper to bind and
-- run than one-element arrays, for the commonest submit of all.
WITH ins AS (
  INSERT INTO bt_task (id, version, type, name, description, arguments, dedup_key,
    active_dedup_key, state, priority, link, progress_done, progress_total,
    progress_message, created_at, attempt, max_attempts, next_attempt_at,
    configuration_id, schedule_entry_id, cancel_requested)
  VALUES (:id, 0, :type, :name, :description, :arguments, :dedup_key, :dedup_key, :state,
    :priority, :link, 0, 1, '', :created_at::timestamptz, 0,
    :max_attempts, :next_attempt_at::timestamptz, :configuration_id, :schedule_entry_id,
    FALSE)
  ON CONFLICT (active_dedup_key) WHERE active_dedup_key IS NOT NULL DO NOTHING
  RETURNING id, seq),
own AS (INSERT INTO bt_task_owner (task_id, owner)
  SELECT ins.id, o.owner FROM ins, unnest(:owners::varchar[]) AS o(owner))
SELECT id, seq FROM ins

-- name: join-all
-- Joins the active tasks of keys whose insert was skipped: locks each (a task that finished
-- meanwhile is not locked, nor returned), adds the owners it does not have yet, and bumps its
-- version if it gained one. Returns the locked tasks' ids and keys. The server plans it for each
-- call (its array parameter makes a cached plan look dearer), so its plan follows the table's size.
WITH locked AS (
  SELECT id, active_dedup_key FROM bt_task WHERE active_dedup_key = ANY(:keys::varchar[])
  FOR UPDATE),
added AS (INSERT INTO bt_task_owner (task_id, owner)
  SELECT l.id, o.owner FROM locked l
  JOIN unnest(:owner_key::varchar[], :owner::varchar[]) AS o(dedup_key, owner)
  ON o.dedup_key = l.active_dedup_key
  ON CONFLICT DO NOTHING RETURNING task_id),
bumped AS (UPDATE bt_task SET version = version + 1
  WHERE id IN (SELECT task_id FROM added))
SELECT id, active_dedup_key FROM locked

-- name: join-one
-- join-all for a single key, with scalar parameters. Its lookups are equalities on unique indexes,
-- which the server plans as index scans even for a table it believes tiny, so it can keep one plan
-- for it (no planning per call) whatever the table grows to.
WITH locked AS (
  SELECT id FROM bt_task WHERE active_dedup_key = :key FOR UPDATE),
added AS (INSERT INTO bt_task_owner (task_id, owner)
  SELECT l.id, o.owner FROM locked l, unnest(:owners::varchar[]) AS o(owner)
  ON CONFLICT DO NOTHING RETURNING task_id),
bumped AS (UPDATE bt_task SET version = version + 1
  WHERE id = (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM added))
SELECT id FROM locked

-- name: lock-configurations
-- Locks the configurations a batch names, all in one statement; returns those that exist.
SELECT id FROM bt_configuration WHERE id = ANY(:ids::varchar[]) FOR UPDATE
