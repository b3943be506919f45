-- name: EventState :one
SELECT id, user_id, revision, content_hash, deleted FROM events
WHERE data_source_id = @data_source_id AND category = @category AND provider_record_id = @provider_record_id;

-- name: InsertEvent :execrows
-- Inserts unless the idempotency key exists: a concurrent first writer
-- may have stored it since the state read (0 rows: re-read, then decide).
INSERT INTO events (
    id, user_id, data_source_id, category, type, provider_record_id, revision, content_hash,
    deleted, start_time, end_time, zone_offset, details, created_at, updated_at
) VALUES (
    @id, @user_id, @data_source_id, @category, @type, @provider_record_id, @revision, @content_hash,
    false, @start_time, @end_time, @zone_offset, @details, @created_at, @updated_at
)
ON CONFLICT (data_source_id, category, provider_record_id) DO NOTHING;

-- name: UpdateEvent :execrows
-- Only over an older or different version (the rules of engine.decide):
-- a concurrent writer may have stored a newer one since the state read
-- (0 rows: re-read, then decide).
UPDATE events
SET type = @type, revision = @revision, content_hash = @content_hash, deleted = false,
    start_time = @start_time, end_time = @end_time, zone_offset = @zone_offset,
    details = @details, updated_at = @updated_at
WHERE id = @id
  AND (revision < @revision OR (revision = @revision AND (content_hash <> @content_hash OR deleted)));

-- name: GetEvent :one
SELECT * FROM events WHERE user_id = @user_id AND id = @id;

-- name: EventByProviderID :one
SELECT * FROM events
WHERE data_source_id = @data_source_id AND category = @category AND provider_record_id = @provider_record_id;

-- name: TombstoneEvent :exec
UPDATE events SET deleted = true, updated_at = @updated_at WHERE id = @id;

-- name: DeleteEvent :execrows
DELETE FROM events WHERE user_id = @user_id AND id = @id;
