-- name: InsertChange :exec
INSERT INTO changes (user_id, kind, record_id, change_type, at)
VALUES (@user_id, @kind, @record_id, @change_type, @at);

-- name: ListChanges :many
SELECT * FROM changes WHERE seq > @after_seq ORDER BY seq LIMIT @lim;
