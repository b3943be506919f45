-- name: InsertUser :exec
INSERT INTO users (id, email, first_name, last_name, external_user_id, created_at, updated_at)
VALUES (@id, @email, @first_name, @last_name, @external_user_id, @created_at, @updated_at);

-- name: GetUser :one
SELECT * FROM users WHERE id = @id;

-- name: UserExists :one
SELECT EXISTS (SELECT 1 FROM users WHERE id = @id);

-- name: UpdateUser :execrows
UPDATE users
SET email = @email, first_name = @first_name, last_name = @last_name,
    external_user_id = @external_user_id, updated_at = @updated_at
WHERE id = @id;

-- name: DeleteUser :execrows
DELETE FROM users WHERE id = @id;

-- name: UserConnectionStates :many
-- The connection facts a user read derives HasActiveConnection and
-- LastSynced* from.
SELECT provider, status, last_synced_at FROM connections WHERE user_id = @user_id;
