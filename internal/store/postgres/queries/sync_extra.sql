-- name: RawDocumentByKey :one
SELECT * FROM raw_documents
WHERE user_id = @user_id AND provider = @provider AND data_type = @data_type
  AND provider_record_id = @provider_record_id;

-- name: GetSyncProgress :one
SELECT * FROM sync_progress WHERE connection_id = @connection_id AND data_type = @data_type;

-- name: PutSyncProgress :exec
INSERT INTO sync_progress (connection_id, data_type, window_start, window_end, resume, updated_at)
VALUES (@connection_id, @data_type, @window_start, @window_end, @resume, @updated_at)
ON CONFLICT (connection_id, data_type) DO UPDATE SET
    window_start = excluded.window_start, window_end = excluded.window_end,
    resume = excluded.resume, updated_at = excluded.updated_at;

-- name: DeleteSyncProgress :exec
DELETE FROM sync_progress WHERE connection_id = @connection_id AND data_type = @data_type;

-- name: ClaimTokenRefreshLease :execrows
INSERT INTO token_refresh_leases (connection_id, holder, expires_at)
VALUES (@connection_id, @holder, @expires_at)
ON CONFLICT (connection_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE token_refresh_leases.expires_at <= @now OR token_refresh_leases.holder = excluded.holder;

-- name: ReleaseTokenRefreshLease :exec
DELETE FROM token_refresh_leases WHERE connection_id = @connection_id AND holder = @holder;

-- name: EnsureRateBudget :exec
INSERT INTO rate_budgets (provider, bucket, window_start, window_seconds, limit_count, used, updated_at)
VALUES (@provider, @bucket, @window_start, @window_seconds, @limit_count, 0, @updated_at)
ON CONFLICT (provider, bucket) DO NOTHING;

-- name: GetRateBudget :one
SELECT * FROM rate_budgets WHERE provider = @provider AND bucket = @bucket FOR UPDATE;

-- name: SaveRateBudget :exec
UPDATE rate_budgets
SET window_start = @window_start, window_seconds = @window_seconds, limit_count = @limit_count,
    used = @used, updated_at = @updated_at
WHERE provider = @provider AND bucket = @bucket;

-- name: PauseRateBudget :exec
UPDATE rate_budgets
SET blocked_until = GREATEST(COALESCE(blocked_until, @blocked_until), @blocked_until), updated_at = @updated_at
WHERE provider = @provider;
