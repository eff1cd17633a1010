-- Schema migrations (Migrations); the scripts themselves are under ../schema/<dialect>/.

-- name: create-version-table
CREATE TABLE IF NOT EXISTS bt_schema_version (
  version INT PRIMARY KEY, script VARCHAR(200) NOT NULL,
  applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)

-- name: current-version
SELECT COALESCE(MAX(version), 0) FROM bt_schema_version

-- name: record-version
INSERT INTO bt_schema_version (version, script) VALUES (:v, :s)
