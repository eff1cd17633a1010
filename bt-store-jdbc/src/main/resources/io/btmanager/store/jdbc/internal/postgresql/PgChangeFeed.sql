-- Task changes between nodes over LISTEN/NOTIFY on the channel bt_task_changes (PgChangeFeed).

-- name: notify
SELECT pg_notify('bt_task_changes', :p)

-- name: listen
LISTEN bt_task_changes
