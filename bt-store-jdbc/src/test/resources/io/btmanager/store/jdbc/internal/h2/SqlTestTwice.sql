-- name: same
SELECT 2
