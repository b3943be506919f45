-- name: UpsertConnection :one
-- Replaces the (user, provider) connection in place; the id of an existing
-- row is kept and the token version always moves forward.
INSERT INTO connections (
    id, user_id, provider, provider_user_id, provider_username, scope, status, status_reason,
    access_token, refresh_token, token_expires_at, token_version, last_synced_at, created_at, updated_at
) VALUES (
    @id, @user_id, @provider, @provider_user_id, @provider_username, @scope, @status, @status_reason,
    @access_token, @refresh_token, @token_expires_at, 1, @last_synced_at, @created_at, @updated_at
)
ON CONFLICT (user_id, provider) DO UPDATE SET
    provider_user_id = excluded.provider_user_id,
    provider_username = excluded.provider_username,
    scope = excluded.scope,
    status = excluded.status,
    status_reason = excluded.status_reason,
    access_token = excluded.access_token,
    refresh_token = excluded.refresh_token,
    token_expires_at = excluded.token_expires_at,
    token_version = connections.token_version + 1,
    updated_at = excluded.updated_at
RETURNING *;

-- name: ConnectionByID :one
SELECT * FROM connections WHERE id = @id;

-- name: ConnectionByUserProvider :one
SELECT * FROM connections WHERE user_id = @user_id AND provider = @provider;

-- name: ConnectionsByProviderUser :many
SELECT * FROM connections WHERE provider = @provider AND provider_user_id = @provider_user_id
ORDER BY created_at, id;

-- name: ListConnections :many
SELECT * FROM connections WHERE user_id = @user_id ORDER BY created_at, id;

-- name: ActiveConnections :many
SELECT * FROM connections
WHERE status = 'active' AND (@provider::text = '' OR provider = @provider)
ORDER BY created_at, id;

-- name: UpdateConnectionTokens :one
-- Optimistic: only the writer that read the current token_version wins.
UPDATE connections
SET access_token = @access_token, refresh_token = @refresh_token,
    token_expires_at = @token_expires_at, scope = @scope,
    token_version = token_version + 1, updated_at = @updated_at
WHERE id = @id AND token_version = @token_version
RETURNING *;

-- name: SetConnectionStatus :execrows
UPDATE connections SET status = @status, status_reason = @status_reason, updated_at = @updated_at
WHERE id = @id;

-- name: RevokeConnectionAtVersion :execrows
-- Revokes only while the tokens are the ones whose refresh was rejected:
-- a reconnect that wrote new tokens meanwhile keeps the connection.
UPDATE connections SET status = 'revoked', status_reason = @status_reason, updated_at = @updated_at
WHERE id = @id AND token_version = @token_version;

-- name: MarkConnectionSynced :execrows
UPDATE connections SET last_synced_at = @last_synced_at, updated_at = @updated_at WHERE id = @id;

-- name: DeleteConnection :execrows
DELETE FROM connections WHERE id = @id;
