-- A fixture of SqlTest: a comment before the first statement.

-- name: two-lines
-- a comment inside a statement is left out
SELECT 1 FROM x
  WHERE y = :y

-- name: shared
SELECT 2
