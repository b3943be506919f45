-- Source priorities: global rows, and per-user overrides optionally
-- scoped to one metric. Lists sort names bytewise so both engines agree.

-- name: ListProviderPriorities :many
SELECT provider, priority, updated_at FROM provider_priorities
ORDER BY priority, provider;

-- name: ListDeviceTypePriorities :many
SELECT device_type, priority, updated_at FROM device_type_priorities
ORDER BY priority, device_type;

-- name: PutProviderPriority :exec
INSERT INTO provider_priorities (provider, priority, updated_at)
VALUES (@provider, @priority, @updated_at)
ON CONFLICT (provider) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at;

-- name: DeleteProviderPriority :execrows
DELETE FROM provider_priorities WHERE provider = @provider;

-- name: PutDeviceTypePriority :exec
INSERT INTO device_type_priorities (device_type, priority, updated_at)
VALUES (@device_type, @priority, @updated_at)
ON CONFLICT (device_type) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at;

-- name: DeleteDeviceTypePriority :execrows
DELETE FROM device_type_priorities WHERE device_type = @device_type;

-- name: ListUserProviderPriorities :many
SELECT scope, provider, priority, updated_at FROM user_provider_priorities
WHERE user_id = @user_id
ORDER BY scope, priority, provider;

-- name: ListUserDeviceTypePriorities :many
SELECT scope, device_type, priority, updated_at FROM user_device_type_priorities
WHERE user_id = @user_id
ORDER BY scope, priority, device_type;

-- name: PutUserProviderPriority :exec
INSERT INTO user_provider_priorities (user_id, scope, provider, priority, updated_at)
VALUES (@user_id, @scope, @provider, @priority, @updated_at)
ON CONFLICT (user_id, scope, provider) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at;

-- name: DeleteUserProviderPriority :execrows
DELETE FROM user_provider_priorities WHERE user_id = @user_id AND scope = @scope AND provider = @provider;

-- name: PutUserDeviceTypePriority :exec
INSERT INTO user_device_type_priorities (user_id, scope, device_type, priority, updated_at)
VALUES (@user_id, @scope, @device_type, @priority, @updated_at)
ON CONFLICT (user_id, scope, device_type) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at;

-- name: DeleteUserDeviceTypePriority :execrows
DELETE FROM user_device_type_priorities WHERE user_id = @user_id AND scope = @scope AND device_type = @device_type;
