-- name: ScoreState :one
SELECT id, user_id, revision, content_hash, deleted FROM health_scores
WHERE data_source_id = @data_source_id AND category = @category AND provider_record_id = @provider_record_id;

-- name: ScoreStatesByProviderID :many
SELECT id, user_id, category, deleted FROM health_scores
WHERE data_source_id = @data_source_id AND provider_record_id = @provider_record_id
ORDER BY category;

-- name: InsertScore :execrows
-- Inserts unless the idempotency key exists: a concurrent first writer
-- may have stored it since the state read (0 rows: re-read, then decide).
INSERT INTO health_scores (
    id, user_id, data_source_id, provider, category, provider_record_id, revision, content_hash,
    deleted, value, qualifier, recorded_at, zone_offset, components, created_at, updated_at
) VALUES (
    @id, @user_id, @data_source_id, @provider, @category, @provider_record_id, @revision, @content_hash,
    false, @value, @qualifier, @recorded_at, @zone_offset, @components, @created_at, @updated_at
)
ON CONFLICT (data_source_id, category, provider_record_id) DO NOTHING;

-- name: UpdateScore :execrows
-- Only over an older or different version (the rules of engine.decide):
-- a concurrent writer may have stored a newer one since the state read
-- (0 rows: re-read, then decide).
UPDATE health_scores
SET provider = @provider, revision = @revision, content_hash = @content_hash, deleted = false,
    value = @value, qualifier = @qualifier, recorded_at = @recorded_at,
    zone_offset = @zone_offset, components = @components, updated_at = @updated_at
WHERE id = @id
  AND (revision < @revision OR (revision = @revision AND (content_hash <> @content_hash OR deleted)));

-- name: TombstoneScore :exec
UPDATE health_scores SET deleted = true, updated_at = @updated_at WHERE id = @id;

-- name: ListHealthScores :many
SELECT * FROM health_scores
WHERE user_id = @user_id AND deleted = false
  AND (@category::text = '' OR category = @category)
  AND (@provider::text = '' OR provider = @provider)
  AND (sqlc.narg(start_time)::timestamptz IS NULL OR recorded_at >= sqlc.narg(start_time))
  AND (sqlc.narg(end_time)::timestamptz IS NULL OR recorded_at < sqlc.narg(end_time))
ORDER BY recorded_at, id
LIMIT @lim OFFSET @off;

-- name: CountHealthScores :one
SELECT count(*) FROM health_scores
WHERE user_id = @user_id AND deleted = false
  AND (@category::text = '' OR category = @category)
  AND (@provider::text = '' OR provider = @provider)
  AND (sqlc.narg(start_time)::timestamptz IS NULL OR recorded_at >= sqlc.narg(start_time))
  AND (sqlc.narg(end_time)::timestamptz IS NULL OR recorded_at < sqlc.narg(end_time));
