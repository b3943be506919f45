-- name: RawState :one
SELECT id, user_id, content_hash, deleted FROM raw_documents
WHERE user_id = @user_id AND provider = @provider AND data_type = @data_type
  AND provider_record_id = @provider_record_id;

-- name: InsertRawDocument :exec
INSERT INTO raw_documents (
    id, user_id, provider, data_type, provider_record_id, content_hash, start_time, body,
    deleted, fetched_at, updated_at
) VALUES (
    @id, @user_id, @provider, @data_type, @provider_record_id, @content_hash, @start_time, @body,
    false, @fetched_at, @updated_at
);

-- name: UpdateRawDocument :exec
UPDATE raw_documents
SET content_hash = @content_hash, start_time = @start_time, body = @body, deleted = false,
    fetched_at = @fetched_at, updated_at = @updated_at
WHERE id = @id;

-- name: MarkRawDocumentDeleted :execrows
UPDATE raw_documents SET deleted = true, updated_at = @updated_at
WHERE user_id = @user_id AND provider = @provider AND data_type = @data_type
  AND provider_record_id = @provider_record_id;
