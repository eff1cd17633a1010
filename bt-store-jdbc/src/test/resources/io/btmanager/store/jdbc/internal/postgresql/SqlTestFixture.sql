-- name: differs
SELECT 'postgresql'
