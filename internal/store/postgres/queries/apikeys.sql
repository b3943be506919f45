-- name: InsertAPIKey :exec
INSERT INTO api_keys (id, name, prefix, hash, created_at, last_used_at, revoked_at)
VALUES (@id, @name, @prefix, @hash, @created_at, @last_used_at, @revoked_at);

-- name: APIKeyByPrefix :one
SELECT * FROM api_keys WHERE prefix = @prefix;

-- name: ListAPIKeys :many
SELECT * FROM api_keys ORDER BY created_at, id;

-- name: RevokeAPIKey :execrows
UPDATE api_keys SET revoked_at = coalesce(revoked_at, @revoked_at) WHERE id = @id;

-- name: TouchAPIKey :execrows
UPDATE api_keys SET last_used_at = @last_used_at WHERE id = @id;
