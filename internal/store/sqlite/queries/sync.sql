-- name: GetCursor :one
SELECT * FROM sync_cursors WHERE connection_id = @connection_id AND data_type = @data_type;

-- name: SetCursor :exec
INSERT INTO sync_cursors (connection_id, data_type, high_water, updated_at)
VALUES (@connection_id, @data_type, @high_water, @updated_at)
ON CONFLICT (connection_id, data_type) DO UPDATE SET
    high_water = excluded.high_water, updated_at = excluded.updated_at;

-- name: InsertSyncRun :exec
INSERT INTO sync_runs (
    id, user_id, connection_id, provider, source, status, fetched, stored, updated, deleted,
    error, started_at, ended_at
) VALUES (
    @id, @user_id, @connection_id, @provider, @source, @status, @fetched, @stored, @updated, @deleted,
    @error, @started_at, @ended_at
);

-- name: FinishSyncRun :execrows
UPDATE sync_runs
SET status = @status, fetched = @fetched, stored = @stored, updated = @updated,
    deleted = @deleted, error = @error, ended_at = @ended_at
WHERE id = @id;

-- name: ListSyncRuns :many
SELECT * FROM sync_runs
WHERE (CAST(@user_id AS TEXT) = '' OR user_id = @user_id)
  AND (CAST(@provider AS TEXT) = '' OR provider = @provider)
  AND (CAST(@status AS TEXT) = '' OR status = @status)
ORDER BY started_at DESC, id DESC
LIMIT @lim;
