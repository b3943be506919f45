-- name: InsertDataSourceIfAbsent :exec
-- Conflicts on the (user, provider, device model, source) unique index are
-- expected: the caller reads the winning row back.
INSERT INTO data_sources (
    id, user_id, provider, connection_id, device_model, software_version, source,
    device_type, original_source_name, created_at
) VALUES (
    @id, @user_id, @provider, @connection_id, @device_model, @software_version, @source,
    @device_type, @original_source_name, @created_at
)
ON CONFLICT DO NOTHING;

-- name: DataSourceByKey :one
SELECT * FROM data_sources
WHERE user_id = @user_id AND provider = @provider
  AND coalesce(device_model, '') = @device_model::text AND coalesce(source, '') = @source::text;

-- name: ListDataSources :many
SELECT * FROM data_sources WHERE user_id = @user_id ORDER BY created_at, id;

-- name: DeleteProviderDataSources :execrows
DELETE FROM data_sources WHERE user_id = @user_id AND provider = @provider;

-- name: DeleteProviderRawDocuments :execrows
DELETE FROM raw_documents WHERE user_id = @user_id AND provider = @provider;
