-- name: SummaryState :one
SELECT id, user_id, revision, content_hash, deleted FROM daily_summaries
WHERE data_source_id = @data_source_id AND kind = @kind AND provider_record_id = @provider_record_id;

-- name: InsertSummary :execrows
-- Inserts unless the idempotency key exists: a concurrent first writer
-- may have stored it since the state read (0 rows: re-read, then decide).
INSERT INTO daily_summaries (
    id, user_id, data_source_id, kind, provider_record_id, revision, content_hash, deleted,
    date, start_time, end_time, zone_offset, metrics, extra, created_at, updated_at
) VALUES (
    @id, @user_id, @data_source_id, @kind, @provider_record_id, @revision, @content_hash, false,
    @date, @start_time, @end_time, @zone_offset, @metrics, @extra, @created_at, @updated_at
)
ON CONFLICT (data_source_id, kind, provider_record_id) DO NOTHING;

-- name: UpdateSummary :execrows
-- Only over an older or different version (the rules of engine.decide):
-- a concurrent writer may have stored a newer one since the state read
-- (0 rows: re-read, then decide).
UPDATE daily_summaries
SET revision = @revision, content_hash = @content_hash, deleted = false, date = @date,
    start_time = @start_time, end_time = @end_time, zone_offset = @zone_offset,
    metrics = @metrics, extra = @extra, updated_at = @updated_at
WHERE id = @id
  AND (revision < @revision OR (revision = @revision AND (content_hash <> @content_hash OR deleted)));

-- name: ListDailySummaries :many
SELECT * FROM daily_summaries
WHERE user_id = @user_id AND deleted = false
  AND (@kind::text = '' OR kind = @kind)
  AND (@start_date::text = '' OR date >= @start_date)
  AND (@end_date::text = '' OR date < @end_date)
ORDER BY date, id
LIMIT @lim;

-- name: ListSummaryMetrics :many
-- SummaryQuery.MetricsOnly: the columns the summary routes show, for
-- several kinds over a closed-open date range (one range scan of
-- daily_summaries_user_date_idx per kind, in the index's order: kind by
-- kind, then by date).
SELECT data_source_id, kind, date, zone_offset, metrics FROM daily_summaries
WHERE user_id = @user_id AND kind = ANY(@kinds::text[]) AND date >= @start_date AND date < @end_date
  AND deleted = false
ORDER BY kind, date, id
LIMIT @lim;
