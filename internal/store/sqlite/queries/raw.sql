-- name: RawState :one
SELECT id, user_id, content_hash, deleted FROM raw_documents
WHERE user_id = @user_id AND provider = @provider AND data_type = @data_type
  AND provider_record_id = @provider_record_id;

-- name: InsertRawDocument :execrows
-- Inserts unless the idempotency key exists: a concurrent first writer
-- may have stored it since the state read (0 rows: re-read, then decide).
INSERT INTO raw_documents (
    id, user_id, provider, data_type, provider_record_id, content_hash, start_time, body,
    deleted, fetched_at, updated_at
) VALUES (
    @id, @user_id, @provider, @data_type, @provider_record_id, @content_hash, @start_time, @body,
    0, @fetched_at, @updated_at
)
ON CONFLICT (user_id, provider, data_type, provider_record_id) DO NOTHING;

-- name: UpdateRawDocument :execrows
-- Only over an older or different version (the rules of engine.decide):
-- a concurrent writer may have stored a newer one since the state read
-- (0 rows: re-read, then decide).
UPDATE raw_documents
SET content_hash = @content_hash, start_time = @start_time, body = @body, deleted = 0,
    fetched_at = @fetched_at, updated_at = @updated_at
WHERE id = @id AND (content_hash <> @content_hash OR deleted = 1);

-- name: MarkRawDocumentDeleted :execrows
UPDATE raw_documents SET deleted = 1, updated_at = @updated_at
WHERE user_id = @user_id AND provider = @provider AND data_type = @data_type
  AND provider_record_id = @provider_record_id;
