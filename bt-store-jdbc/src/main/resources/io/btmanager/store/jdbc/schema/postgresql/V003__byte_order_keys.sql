-- bt-manager schema, version 3 (PostgreSQL): ids, dedup keys, lease tokens and owners compare as
-- bytes (collation "C"). They are identifiers, never shown in a language's order, and every index
-- on them compared them with the database's locale instead, at each step of each lookup and
-- insert. Changing a collation keeps the rows as they are; the indexes on these columns are
-- rebuilt.
ALTER TABLE bt_task
  ALTER COLUMN id TYPE VARCHAR(36) COLLATE "C",
  ALTER COLUMN dedup_key TYPE VARCHAR(64) COLLATE "C",
  ALTER COLUMN active_dedup_key TYPE VARCHAR(64) COLLATE "C",
  ALTER COLUMN lease_token TYPE VARCHAR(36) COLLATE "C",
  ALTER COLUMN configuration_id TYPE VARCHAR(36) COLLATE "C",
  ALTER COLUMN schedule_entry_id TYPE VARCHAR(36) COLLATE "C";
ALTER TABLE bt_task_owner
  ALTER COLUMN task_id TYPE VARCHAR(36) COLLATE "C",
  ALTER COLUMN owner TYPE VARCHAR(200) COLLATE "C";
ALTER TABLE bt_execution ALTER COLUMN task_id TYPE VARCHAR(36) COLLATE "C";
