-- name: PutOAuthState :exec
INSERT INTO oauth_states (state, user_id, provider, redirect_uri, code_verifier, expires_at, created_at)
VALUES (@state, @user_id, @provider, @redirect_uri, @code_verifier, @expires_at, @created_at);

-- name: TakeOAuthState :one
-- Single use: the row is gone whether or not it has expired.
DELETE FROM oauth_states WHERE state = @state RETURNING *;

-- name: DeleteExpiredOAuthStates :execrows
DELETE FROM oauth_states WHERE expires_at <= @now;
