package engine

import (
	"context"
	"fmt"
	"math"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ListDailySummaries returns a user's live summaries by local date.
func (t *Tx) ListDailySummaries(ctx context.Context, q store.SummaryQuery) ([]domain.DailySummary, error) {
	if q.Limit <= 0 {
		q.Limit = math.MaxInt32
	}
	if q.MetricsOnly || len(q.Kinds) > 0 {
		return t.listSummaryMetrics(ctx, q)
	}
	ss, err := t.listSummaries(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list daily summaries: %w", err)
	}
	return ss, nil
}

// listSummaryMetrics is the MetricsOnly read (Kinds implies it: the
// summary routes are its only readers).
func (t *Tx) listSummaryMetrics(ctx context.Context, q store.SummaryQuery) ([]domain.DailySummary, error) {
	kinds := make([]string, 0, len(q.Kinds)+1)
	if q.Kind != "" {
		kinds = append(kinds, string(q.Kind))
	}
	for _, k := range q.Kinds {
		kinds = append(kinds, string(k))
	}
	if len(kinds) == 0 || q.StartDate == "" || q.EndDate == "" {
		return nil, fmt.Errorf("store: list summary metrics: a kind and both dates are required")
	}
	ss, err := t.summaryMetrics(ctx, q, kinds)
	if err != nil {
		return nil, fmt.Errorf("store: list summary metrics: %w", err)
	}
	return ss, nil
}

// summarySpec is the daily_summaries upsert.
var summarySpec = &upsertSpec{
	table: "daily_summaries",
	cols: []string{"id", "user_id", "data_source_id", "kind", "provider_record_id", "revision", "content_hash", "deleted",
		"date", "start_time", "end_time", "zone_offset", "metrics", "extra", "created_at", "updated_at"},
	key:      []string{"data_source_id", "kind", "provider_record_id"},
	update:   []string{"revision", "content_hash", "date", "start_time", "end_time", "zone_offset", "metrics", "extra", "updated_at"},
	revision: true,
}

// UpsertDailySummaries stores summaries idempotently, keyed by (data
// source, kind, provider record id).
func (t *Tx) UpsertDailySummaries(ctx context.Context, ss []domain.DailySummary) (domain.WriteResult, error) {
	now := ms(t.clock())
	rows := make([]upsertRow, len(ss))
	users := make([]string, len(ss))
	for i, s := range ss {
		if err := requireMeta("daily summary", s.RecordMeta); err != nil {
			return domain.WriteResult{}, err
		}
		s = normalizeSummary(s)
		hash, err := SummaryHash(s)
		if err != nil {
			return domain.WriteResult{}, fmt.Errorf("store: upsert daily summary: %w", err)
		}
		metrics, err := EncodeJSON(s.Metrics)
		if err != nil {
			return domain.WriteResult{}, err
		}
		extra, err := EncodeJSON(s.Extra)
		if err != nil {
			return domain.WriteResult{}, err
		}
		id := orNewID(s.ID)
		users[i] = s.UserID
		rows[i] = upsertRow{id: id, given: s.ID != "", key: keyOf(s.DataSourceID, string(s.Kind), s.ProviderRecordID), args: []any{
			id, s.UserID, s.DataSourceID, string(s.Kind), s.ProviderRecordID, s.Revision, hash, false,
			s.Date, ms(s.StartTime), msPtr(s.EndTime), int64(s.ZoneOffset), string(metrics), string(extra), now, now}}
	}
	kinds := make([]string, len(ss))
	for i, s := range ss {
		kinds[i] = domain.SummaryChangeKind(s.Kind)
	}
	return t.upsertRecords(ctx, summarySpec, func(i int) string { return kinds[i] }, users, rows)
}

// ListHealthScores returns a page of a user's live scores and the total.
func (t *Tx) ListHealthScores(ctx context.Context, q store.ScoreQuery) ([]domain.HealthScore, int, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultPageLimit
	}
	q.Offset = max(q.Offset, 0)
	q.Start, q.End = MSPtr(q.Start), MSPtr(q.End)
	hs, n, err := t.listScores(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list health scores: %w", err)
	}
	return hs, n, nil
}

// scoreSpec is the health_scores upsert.
var scoreSpec = &upsertSpec{
	table: "health_scores",
	cols: []string{"id", "user_id", "data_source_id", "provider", "category", "provider_record_id", "revision", "content_hash",
		"deleted", "value", "qualifier", "recorded_at", "zone_offset", "components", "created_at", "updated_at"},
	key:      []string{"data_source_id", "category", "provider_record_id"},
	update:   []string{"provider", "revision", "content_hash", "value", "qualifier", "recorded_at", "zone_offset", "components", "updated_at"},
	revision: true,
}

// UpsertHealthScores stores scores idempotently, keyed by (data source,
// category, provider record id).
func (t *Tx) UpsertHealthScores(ctx context.Context, hs []domain.HealthScore) (domain.WriteResult, error) {
	now := ms(t.clock())
	rows := make([]upsertRow, len(hs))
	users := make([]string, len(hs))
	for i, h := range hs {
		if err := requireMeta("health score", h.RecordMeta); err != nil {
			return domain.WriteResult{}, err
		}
		h = normalizeScore(h)
		hash, err := ScoreHash(h)
		if err != nil {
			return domain.WriteResult{}, fmt.Errorf("store: upsert health score: %w", err)
		}
		comps, err := EncodeJSON(h.Components)
		if err != nil {
			return domain.WriteResult{}, err
		}
		id := orNewID(h.ID)
		users[i] = h.UserID
		rows[i] = upsertRow{id: id, given: h.ID != "", key: keyOf(h.DataSourceID, h.Category, h.ProviderRecordID), args: []any{
			id, h.UserID, h.DataSourceID, string(h.Provider), h.Category, h.ProviderRecordID, h.Revision, hash,
			false, h.Value, h.Qualifier, ms(h.RecordedAt), int64(h.ZoneOffset), string(comps), now, now}}
	}
	return t.upsertRecords(ctx, scoreSpec, func(int) string { return domain.ChangeKindHealthScore }, users, rows)
}

// MarkHealthScoresDeleted tombstones every category stored under each
// provider record id (one provider record can yield several scores).
func (t *Tx) MarkHealthScoresDeleted(ctx context.Context, dataSourceID string, providerRecordIDs []string) (domain.WriteResult, error) {
	sts, err := t.states(ctx, "health_scores", "category", dataSourceID, "", providerRecordIDs)
	if err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: delete health scores: %w", err)
	}
	return t.tombstone(ctx, "health_scores", dataSourceID, func(RecordState) string { return domain.ChangeKindHealthScore }, sts)
}

// summaryCols are the daily_summaries columns scanSummary reads.
const summaryCols = "id, user_id, data_source_id, kind, provider_record_id, revision, deleted, date, start_time, end_time, " +
	"zone_offset, metrics, extra, created_at, updated_at"

func scanSummary(r Rows) (domain.DailySummary, error) {
	var s domain.DailySummary
	var start, created, updated, zone int64
	var end *int64
	var metrics, extra []byte
	if err := r.Scan(&s.ID, &s.UserID, &s.DataSourceID, &s.Kind, &s.ProviderRecordID, &s.Revision, &s.Deleted, &s.Date,
		&start, &end, &zone, &metrics, &extra, &created, &updated); err != nil {
		return s, err
	}
	s.StartTime, s.EndTime, s.ZoneOffset = fromMS(start), fromMSPtr(end), domain.ZoneOffset(zone)
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	if err := DecodeJSON(metrics, &s.Metrics); err != nil {
		return s, err
	}
	return s, DecodeJSON(extra, &s.Extra)
}

// listSummaries reads a user's live summaries, optionally of one kind
// and date range, by date.
func (t *Tx) listSummaries(ctx context.Context, q store.SummaryQuery) ([]domain.DailySummary, error) {
	sq := NewQuery(t.d, "SELECT "+summaryCols+" FROM daily_summaries")
	sq.Where("user_id = %s", sq.Arg(q.UserID))
	sq.Where("NOT deleted")
	if q.Kind != "" {
		sq.Where("kind = %s", sq.Arg(string(q.Kind)))
	}
	if q.StartDate != "" {
		sq.Where("date >= %s", sq.Arg(q.StartDate))
	}
	if q.EndDate != "" {
		sq.Where("date < %s", sq.Arg(q.EndDate))
	}
	sq.Tail(fmt.Sprintf(" ORDER BY date, id LIMIT %d", q.Limit))
	query, args := sq.SQL()
	return list(ctx, t.db, query, args, scanSummary)
}

// summaryMetrics serves SummaryQuery.MetricsOnly: one range scan of
// daily_summaries_user_date_idx per kind, in the index's order.
func (t *Tx) summaryMetrics(ctx context.Context, q store.SummaryQuery, kinds []string) ([]domain.DailySummary, error) {
	args := make([]any, 0, len(kinds)+4)
	args = append(args, q.UserID)
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, q.StartDate, q.EndDate, q.Limit)
	rows, err := t.db.Query(ctx, SummaryMetricsSQL(len(kinds)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.DailySummary
	metrics, body := t.d.borrow()
	var zone int64
	for rows.Next() {
		var s domain.DailySummary
		if err := rows.Scan(&s.DataSourceID, &s.Kind, &s.Date, &zone, metrics); err != nil {
			return nil, err
		}
		s.ZoneOffset = domain.ZoneOffset(zone)
		if err := DecodeJSON(body(), &s.Metrics); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// scoreCols are the health_scores columns scanScore reads.
const scoreCols = "id, user_id, data_source_id, provider, category, provider_record_id, revision, deleted, value, qualifier, " +
	"recorded_at, zone_offset, components, created_at, updated_at"

func scanScore(r Rows) (domain.HealthScore, error) {
	var h domain.HealthScore
	var recorded, zone, created, updated int64
	var comps []byte
	if err := r.Scan(&h.ID, &h.UserID, &h.DataSourceID, &h.Provider, &h.Category, &h.ProviderRecordID, &h.Revision, &h.Deleted,
		&h.Value, &h.Qualifier, &recorded, &zone, &comps, &created, &updated); err != nil {
		return h, err
	}
	h.RecordedAt, h.ZoneOffset = fromMS(recorded), domain.ZoneOffset(zone)
	h.CreatedAt, h.UpdatedAt = fromMS(created), fromMS(updated)
	return h, DecodeJSON(comps, &h.Components)
}

// listScores reads a page of a user's live scores and the total.
func (t *Tx) listScores(ctx context.Context, q store.ScoreQuery) ([]domain.HealthScore, int, error) {
	build := func(head string) *Query {
		sq := NewQuery(t.d, head)
		sq.Where("user_id = %s", sq.Arg(q.UserID))
		sq.Where("NOT deleted")
		if q.Category != "" {
			sq.Where("category = %s", sq.Arg(q.Category))
		}
		if q.Provider != "" {
			sq.Where("provider = %s", sq.Arg(string(q.Provider)))
		}
		if q.Start != nil {
			sq.Where("recorded_at >= %s", sq.Arg(ms(*q.Start)))
		}
		if q.End != nil {
			sq.Where("recorded_at < %s", sq.Arg(ms(*q.End)))
		}
		return sq
	}
	var n int
	countSQL, countArgs := build("SELECT count(*) FROM health_scores").SQL()
	if err := one(ctx, t.db, countSQL, countArgs, &n); err != nil {
		return nil, 0, err
	}
	sq := build("SELECT " + scoreCols + " FROM health_scores")
	sq.Tail(fmt.Sprintf(" ORDER BY recorded_at, id LIMIT %d OFFSET %d", q.Limit, q.Offset))
	query, args := sq.SQL()
	hs, err := list(ctx, t.db, query, args, scanScore)
	return hs, n, err
}

// SummaryMetricsSQL is summaryMetrics's query for n kinds; its arguments
// are the user, the n kinds, the two dates and the limit.
func SummaryMetricsSQL(n int) string {
	return "SELECT data_source_id, kind, date, zone_offset, metrics FROM daily_summaries WHERE user_id = ?1 AND kind IN (" +
		marks(2, n) + fmt.Sprintf(") AND date >= ?%d AND date < ?%d AND NOT deleted ORDER BY kind, date, id LIMIT ?%d", n+2, n+3, n+4)
}
