-- Counts for GET /users/{user_id}/summaries/data, from what the rows
-- already say: block headers and event keys, never payloads.

-- name: SeriesHeaderStats :many
-- Sums the headers of a user's blocks whose samples all lie in
-- [start_time, end_time) (either bound optional). Blocks straddling a
-- bound are left to EdgeBlocks.
SELECT b.data_source_id, d.provider, b.type_id,
       sum(b.count)::bigint AS samples,
       min(b.first_ts)::timestamptz AS first_ts,
       max(b.last_ts)::timestamptz AS last_ts
FROM series_blocks b
JOIN data_sources d ON d.id = b.data_source_id
WHERE b.user_id = @user_id
  AND (sqlc.narg(start_time)::timestamptz IS NULL OR b.first_ts >= sqlc.narg(start_time))
  AND (sqlc.narg(end_time)::timestamptz IS NULL OR b.last_ts < sqlc.narg(end_time))
GROUP BY b.data_source_id, d.provider, b.type_id
ORDER BY b.data_source_id, b.type_id;

-- name: EdgeBlocks :many
-- A user's blocks with samples on both sides of the instant at; such a
-- block can only be the one of at's own UTC day.
SELECT * FROM series_blocks
WHERE user_id = @user_id AND day = @day AND first_ts < @at AND last_ts >= @at
ORDER BY data_source_id, type_id;

-- name: EventStats :many
-- Counts a user's live events overlapping [start_time, end_time), the
-- selection the event list routes use.
SELECT e.data_source_id, d.provider, e.category, e.type, count(*) AS events
FROM events e
JOIN data_sources d ON d.id = e.data_source_id
WHERE e.user_id = @user_id AND NOT e.deleted
  AND (sqlc.narg(end_time)::timestamptz IS NULL OR e.start_time < sqlc.narg(end_time))
  AND (sqlc.narg(start_time)::timestamptz IS NULL OR e.end_time > sqlc.narg(start_time))
GROUP BY e.data_source_id, d.provider, e.category, e.type
ORDER BY e.data_source_id, e.category COLLATE "C", e.type COLLATE "C";
