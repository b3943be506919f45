-- name: InsertDataSourceIfAbsent :exec
-- Conflicts on the (user, provider, device model, source) unique index are
-- expected: the caller reads the winning row back. A source stored before
-- its connector named the device type gets it (nothing else changes).
INSERT INTO data_sources (
    id, user_id, provider, connection_id, device_model, software_version, source,
    device_type, original_source_name, created_at
) VALUES (
    @id, @user_id, @provider, @connection_id, @device_model, @software_version, @source,
    @device_type, @original_source_name, @created_at
)
ON CONFLICT (user_id, provider, coalesce(device_model, ''), coalesce(source, '')) DO UPDATE
SET device_type = excluded.device_type,
    original_source_name = coalesce(data_sources.original_source_name, excluded.original_source_name)
WHERE data_sources.device_type IS NULL AND excluded.device_type IS NOT NULL;

-- name: DataSourceByKey :one
SELECT * FROM data_sources
WHERE user_id = @user_id AND provider = @provider
  AND coalesce(device_model, '') = @device_model AND coalesce(source, '') = @source;

-- name: ListDataSources :many
SELECT * FROM data_sources WHERE user_id = @user_id ORDER BY created_at, id;

-- name: DeleteProviderDataSources :execrows
DELETE FROM data_sources WHERE user_id = @user_id AND provider = @provider;

-- name: DeleteProviderRawDocuments :execrows
DELETE FROM raw_documents WHERE user_id = @user_id AND provider = @provider;
