-- name: differs
SELECT 'h2'
