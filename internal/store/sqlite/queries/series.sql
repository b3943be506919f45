-- name: GetBlock :one
SELECT * FROM series_blocks WHERE data_source_id = @data_source_id AND type_id = @type_id AND day = @day;

-- name: PutBlock :exec
INSERT INTO series_blocks (
    data_source_id, type_id, day, user_id, count, first_ts, last_ts, min, max, sum, payload, updated_at
) VALUES (
    @data_source_id, @type_id, @day, @user_id, @count, @first_ts, @last_ts, @min, @max, @sum, @payload, @updated_at
)
ON CONFLICT (data_source_id, type_id, day) DO UPDATE SET
    count = excluded.count, first_ts = excluded.first_ts, last_ts = excluded.last_ts,
    min = excluded.min, max = excluded.max, sum = excluded.sum,
    payload = excluded.payload, updated_at = excluded.updated_at;

-- name: DeleteBlock :exec
DELETE FROM series_blocks WHERE data_source_id = @data_source_id AND type_id = @type_id AND day = @day;

-- name: SourceBlocks :many
-- Blocks of one (data source, type) whose day lies in [from_day, to_day].
SELECT * FROM series_blocks
WHERE data_source_id = @data_source_id AND type_id = @type_id AND day >= @from_day AND day <= @to_day
ORDER BY day;
