-- An external_user_id names one user: the index that finds users by it
-- becomes unique. Databases written before this migration may hold the
-- same external_user_id on several users; the oldest user (by created_at,
-- then id) keeps it and the others' is cleared, so the upgrade never
-- fails and no user or data is lost (those users are still found by id).
-- Parallel to the SQLite file.

-- +goose Up

UPDATE users SET external_user_id = NULL
WHERE external_user_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM users o
    WHERE o.external_user_id = users.external_user_id
      AND (o.created_at < users.created_at OR (o.created_at = users.created_at AND o.id < users.id)));
DROP INDEX users_external_idx;
CREATE UNIQUE INDEX users_external_idx ON users (external_user_id);

-- +goose Down

DROP INDEX users_external_idx;
CREATE INDEX users_external_idx ON users (external_user_id);
