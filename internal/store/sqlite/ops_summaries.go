package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// toSummary converts a daily_summaries row.
func toSummary(r sqlitedb.DailySummary) (domain.DailySummary, error) {
	s := domain.DailySummary{
		RecordMeta: domain.RecordMeta{
			ID: r.ID, UserID: r.UserID, DataSourceID: r.DataSourceID, ProviderRecordID: r.ProviderRecordID,
			Revision: r.Revision, Deleted: r.Deleted, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
		},
		Kind: domain.SummaryKind(r.Kind), Date: r.Date, StartTime: fromMS(r.StartTime), EndTime: fromMSPtr(r.EndTime),
		ZoneOffset: domain.ZoneOffset(r.ZoneOffset),
	}
	if err := engine.DecodeJSON([]byte(r.Metrics), &s.Metrics); err != nil {
		return s, err
	}
	return s, engine.DecodeJSON([]byte(r.Extra), &s.Extra)
}

// summaryJSON encodes a summary's JSON columns.
func summaryJSON(s domain.DailySummary) (metrics, extra string, err error) {
	m, err := engine.EncodeJSON(s.Metrics)
	if err != nil {
		return "", "", err
	}
	x, err := engine.EncodeJSON(s.Extra)
	return string(m), string(x), err
}

func (o *ops) SummaryState(ctx context.Context, dataSourceID string, k domain.SummaryKind, providerRecordID string) (engine.RecordState, error) {
	r, err := o.q.SummaryState(ctx, sqlitedb.SummaryStateParams{
		DataSourceID: dataSourceID, Kind: string(k), ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID, r.UserID, r.Revision, r.ContentHash, r.Deleted), nil
}

func (o *ops) InsertSummary(ctx context.Context, s domain.DailySummary, hash []byte) (bool, error) {
	metrics, extra, err := summaryJSON(s)
	if err != nil {
		return false, err
	}
	n, err := o.q.InsertSummary(ctx, sqlitedb.InsertSummaryParams{
		ID: s.ID, UserID: s.UserID, DataSourceID: s.DataSourceID, Kind: string(s.Kind),
		ProviderRecordID: s.ProviderRecordID, Revision: s.Revision, ContentHash: hash, Date: s.Date,
		StartTime: ms(s.StartTime), EndTime: msPtr(s.EndTime), ZoneOffset: int64(s.ZoneOffset),
		Metrics: metrics, Extra: extra, CreatedAt: ms(s.CreatedAt), UpdatedAt: ms(s.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) UpdateSummary(ctx context.Context, s domain.DailySummary, hash []byte) (bool, error) {
	metrics, extra, err := summaryJSON(s)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateSummary(ctx, sqlitedb.UpdateSummaryParams{
		ID: s.ID, Revision: s.Revision, ContentHash: hash, Date: s.Date,
		StartTime: ms(s.StartTime), EndTime: msPtr(s.EndTime), ZoneOffset: int64(s.ZoneOffset),
		Metrics: metrics, Extra: extra, UpdatedAt: ms(s.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) ListDailySummaries(ctx context.Context, q store.SummaryQuery) ([]domain.DailySummary, error) {
	rs, err := o.q.ListDailySummaries(ctx, sqlitedb.ListDailySummariesParams{
		UserID: q.UserID, Kind: string(q.Kind), StartDate: q.StartDate, EndDate: q.EndDate, Lim: int64(q.Limit),
	})
	if err != nil {
		return nil, err
	}
	out := make([]domain.DailySummary, 0, len(rs))
	for _, r := range rs {
		s, err := toSummary(r)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// summaryMetricsSQL is ListSummaryMetrics's query for n kinds: one range
// scan of daily_summaries_user_date_idx per kind, in the index's order.
func summaryMetricsSQL(n int) string {
	return `SELECT data_source_id, kind, date, zone_offset, metrics FROM daily_summaries
WHERE user_id = ? AND kind IN (?` + strings.Repeat(",?", n-1) + `) AND date >= ? AND date < ? AND deleted = 0
ORDER BY kind, date, id LIMIT ?`
}

// ListSummaryMetrics is hand-built: sqlc's slice expansion numbers the
// later parameters wrongly on SQLite.
func (o *ops) ListSummaryMetrics(ctx context.Context, q store.SummaryQuery, kinds []string) ([]domain.DailySummary, error) {
	args := make([]any, 0, len(kinds)+4)
	args = append(args, q.UserID)
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, q.StartDate, q.EndDate, q.Limit)
	rows, err := o.db.QueryContext(ctx, summaryMetricsSQL(len(kinds)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.DailySummary
	var metrics sql.RawBytes // decoded at once, never kept
	for rows.Next() {
		var s domain.DailySummary
		var kind string
		if err := rows.Scan(&s.DataSourceID, &kind, &s.Date, &s.ZoneOffset, &metrics); err != nil {
			return nil, err
		}
		s.Kind = domain.SummaryKind(kind)
		if err := engine.DecodeJSON(metrics, &s.Metrics); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// toScore converts a health_scores row.
func toScore(r sqlitedb.HealthScore) (domain.HealthScore, error) {
	h := domain.HealthScore{
		RecordMeta: domain.RecordMeta{
			ID: r.ID, UserID: r.UserID, DataSourceID: r.DataSourceID, ProviderRecordID: r.ProviderRecordID,
			Revision: r.Revision, Deleted: r.Deleted, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
		},
		Provider: domain.Provider(r.Provider), Category: r.Category, Value: r.Value, Qualifier: r.Qualifier,
		RecordedAt: fromMS(r.RecordedAt), ZoneOffset: domain.ZoneOffset(r.ZoneOffset),
	}
	return h, engine.DecodeJSON([]byte(r.Components), &h.Components)
}

func (o *ops) ScoreState(ctx context.Context, dataSourceID, category, providerRecordID string) (engine.RecordState, error) {
	r, err := o.q.ScoreState(ctx, sqlitedb.ScoreStateParams{
		DataSourceID: dataSourceID, Category: category, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID, r.UserID, r.Revision, r.ContentHash, r.Deleted), nil
}

func (o *ops) ScoreStatesByProviderID(ctx context.Context, dataSourceID, providerRecordID string) ([]engine.RecordState, error) {
	rs, err := o.q.ScoreStatesByProviderID(ctx, sqlitedb.ScoreStatesByProviderIDParams{
		DataSourceID: dataSourceID, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return nil, err
	}
	out := make([]engine.RecordState, len(rs))
	for i, r := range rs {
		out[i] = engine.RecordState{ID: r.ID, UserID: r.UserID, Category: r.Category, Deleted: r.Deleted}
	}
	return out, nil
}

func (o *ops) InsertScore(ctx context.Context, h domain.HealthScore, hash []byte) (bool, error) {
	comps, err := engine.EncodeJSON(h.Components)
	if err != nil {
		return false, err
	}
	n, err := o.q.InsertScore(ctx, sqlitedb.InsertScoreParams{
		ID: h.ID, UserID: h.UserID, DataSourceID: h.DataSourceID, Provider: string(h.Provider), Category: h.Category,
		ProviderRecordID: h.ProviderRecordID, Revision: h.Revision, ContentHash: hash, Value: h.Value,
		Qualifier: h.Qualifier, RecordedAt: ms(h.RecordedAt), ZoneOffset: int64(h.ZoneOffset),
		Components: string(comps), CreatedAt: ms(h.CreatedAt), UpdatedAt: ms(h.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) UpdateScore(ctx context.Context, h domain.HealthScore, hash []byte) (bool, error) {
	comps, err := engine.EncodeJSON(h.Components)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateScore(ctx, sqlitedb.UpdateScoreParams{
		ID: h.ID, Provider: string(h.Provider), Revision: h.Revision, ContentHash: hash, Value: h.Value,
		Qualifier: h.Qualifier, RecordedAt: ms(h.RecordedAt), ZoneOffset: int64(h.ZoneOffset),
		Components: string(comps), UpdatedAt: ms(h.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) TombstoneScore(ctx context.Context, id string, at time.Time) error {
	return o.q.TombstoneScore(ctx, sqlitedb.TombstoneScoreParams{ID: id, UpdatedAt: ms(at)})
}

func (o *ops) ListHealthScores(ctx context.Context, q store.ScoreQuery) ([]domain.HealthScore, int, error) {
	n, err := o.q.CountHealthScores(ctx, sqlitedb.CountHealthScoresParams{
		UserID: q.UserID, Category: q.Category, Provider: string(q.Provider),
		StartTime: msPtr(q.Start), EndTime: msPtr(q.End),
	})
	if err != nil {
		return nil, 0, err
	}
	rs, err := o.q.ListHealthScores(ctx, sqlitedb.ListHealthScoresParams{
		UserID: q.UserID, Category: q.Category, Provider: string(q.Provider),
		StartTime: msPtr(q.Start), EndTime: msPtr(q.End), Lim: int64(q.Limit), Off: int64(q.Offset),
	})
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.HealthScore, 0, len(rs))
	for _, r := range rs {
		h, err := toScore(r)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, h)
	}
	return out, int(n), nil
}
