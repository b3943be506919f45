package postgres

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// toSummary converts a daily_summaries row.
func toSummary(r pgdb.DailySummary) (domain.DailySummary, error) {
	s := domain.DailySummary{
		RecordMeta: domain.RecordMeta{
			ID: r.ID.String(), UserID: r.UserID.String(), DataSourceID: r.DataSourceID.String(),
			ProviderRecordID: r.ProviderRecordID, Revision: r.Revision, Deleted: r.Deleted,
			CreatedAt: fromTS(r.CreatedAt), UpdatedAt: fromTS(r.UpdatedAt),
		},
		Kind: domain.SummaryKind(r.Kind), Date: r.Date, StartTime: fromTS(r.StartTime), EndTime: fromTSPtr(r.EndTime),
		ZoneOffset: domain.ZoneOffset(r.ZoneOffset),
	}
	if err := engine.DecodeJSON(r.Metrics, &s.Metrics); err != nil {
		return s, err
	}
	return s, engine.DecodeJSON(r.Extra, &s.Extra)
}

// summaryJSON encodes a summary's JSON columns.
func summaryJSON(s domain.DailySummary) (metrics, extra []byte, err error) {
	m, err := engine.EncodeJSON(s.Metrics)
	if err != nil {
		return nil, nil, err
	}
	x, err := engine.EncodeJSON(s.Extra)
	return m, x, err
}

func (o *ops) SummaryState(ctx context.Context, dataSourceID string, k domain.SummaryKind, providerRecordID string) (engine.RecordState, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return engine.RecordState{}, err
	}
	r, err := o.q.SummaryState(ctx, pgdb.SummaryStateParams{
		DataSourceID: ds, Kind: string(k), ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID.String(), r.UserID.String(), r.Revision, r.ContentHash, r.Deleted), nil
}

func (o *ops) InsertSummary(ctx context.Context, s domain.DailySummary, hash []byte) (bool, error) {
	metrics, extra, err := summaryJSON(s)
	if err != nil {
		return false, err
	}
	var cv conv
	p := pgdb.InsertSummaryParams{
		ID: cv.id(s.ID), UserID: cv.id(s.UserID), DataSourceID: cv.id(s.DataSourceID), Kind: string(s.Kind),
		ProviderRecordID: s.ProviderRecordID, Revision: s.Revision, ContentHash: hash, Date: s.Date,
		StartTime: ts(s.StartTime), EndTime: tsPtr(s.EndTime), ZoneOffset: int32(s.ZoneOffset),
		Metrics: metrics, Extra: extra, CreatedAt: ts(s.CreatedAt), UpdatedAt: ts(s.UpdatedAt),
	}
	if cv.err != nil {
		return false, cv.err
	}
	n, err := o.q.InsertSummary(ctx, p)
	return n == 1, err
}

func (o *ops) UpdateSummary(ctx context.Context, s domain.DailySummary, hash []byte) (bool, error) {
	metrics, extra, err := summaryJSON(s)
	if err != nil {
		return false, err
	}
	id, err := parseID(s.ID)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateSummary(ctx, pgdb.UpdateSummaryParams{
		ID: id, Revision: s.Revision, ContentHash: hash, Date: s.Date,
		StartTime: ts(s.StartTime), EndTime: tsPtr(s.EndTime), ZoneOffset: int32(s.ZoneOffset),
		Metrics: metrics, Extra: extra, UpdatedAt: ts(s.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) ListDailySummaries(ctx context.Context, q store.SummaryQuery) ([]domain.DailySummary, error) {
	uid, err := parseID(q.UserID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.ListDailySummaries(ctx, pgdb.ListDailySummariesParams{
		UserID: uid, Kind: string(q.Kind), StartDate: q.StartDate, EndDate: q.EndDate, Lim: int32(q.Limit),
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

// ListSummaryMetrics serves SummaryQuery.MetricsOnly (sqlc: ListSummaryMetrics).
func (o *ops) ListSummaryMetrics(ctx context.Context, q store.SummaryQuery, kinds []string) ([]domain.DailySummary, error) {
	uid, err := parseID(q.UserID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.ListSummaryMetrics(ctx, pgdb.ListSummaryMetricsParams{
		UserID: uid, Kinds: kinds, StartDate: q.StartDate, EndDate: q.EndDate, Lim: int32(q.Limit),
	})
	if err != nil {
		return nil, err
	}
	out := make([]domain.DailySummary, len(rs))
	for i, r := range rs {
		s := &out[i]
		s.DataSourceID, s.Kind, s.Date, s.ZoneOffset = r.DataSourceID.String(), domain.SummaryKind(r.Kind), r.Date, domain.ZoneOffset(r.ZoneOffset)
		if err := engine.DecodeJSON(r.Metrics, &s.Metrics); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// toScore converts a health_scores row.
func toScore(r pgdb.HealthScore) (domain.HealthScore, error) {
	h := domain.HealthScore{
		RecordMeta: domain.RecordMeta{
			ID: r.ID.String(), UserID: r.UserID.String(), DataSourceID: r.DataSourceID.String(),
			ProviderRecordID: r.ProviderRecordID, Revision: r.Revision, Deleted: r.Deleted,
			CreatedAt: fromTS(r.CreatedAt), UpdatedAt: fromTS(r.UpdatedAt),
		},
		Provider: domain.Provider(r.Provider), Category: r.Category, Value: r.Value, Qualifier: r.Qualifier,
		RecordedAt: fromTS(r.RecordedAt), ZoneOffset: domain.ZoneOffset(r.ZoneOffset),
	}
	return h, engine.DecodeJSON(r.Components, &h.Components)
}

func (o *ops) ScoreState(ctx context.Context, dataSourceID, category, providerRecordID string) (engine.RecordState, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return engine.RecordState{}, err
	}
	r, err := o.q.ScoreState(ctx, pgdb.ScoreStateParams{
		DataSourceID: ds, Category: category, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID.String(), r.UserID.String(), r.Revision, r.ContentHash, r.Deleted), nil
}

func (o *ops) ScoreStatesByProviderID(ctx context.Context, dataSourceID, providerRecordID string) ([]engine.RecordState, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.ScoreStatesByProviderID(ctx, pgdb.ScoreStatesByProviderIDParams{
		DataSourceID: ds, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return nil, err
	}
	out := make([]engine.RecordState, len(rs))
	for i, r := range rs {
		out[i] = engine.RecordState{ID: r.ID.String(), UserID: r.UserID.String(), Category: r.Category, Deleted: r.Deleted}
	}
	return out, nil
}

func (o *ops) InsertScore(ctx context.Context, h domain.HealthScore, hash []byte) (bool, error) {
	comps, err := engine.EncodeJSON(h.Components)
	if err != nil {
		return false, err
	}
	var cv conv
	p := pgdb.InsertScoreParams{
		ID: cv.id(h.ID), UserID: cv.id(h.UserID), DataSourceID: cv.id(h.DataSourceID), Provider: string(h.Provider),
		Category: h.Category, ProviderRecordID: h.ProviderRecordID, Revision: h.Revision, ContentHash: hash,
		Value: h.Value, Qualifier: h.Qualifier, RecordedAt: ts(h.RecordedAt), ZoneOffset: int32(h.ZoneOffset),
		Components: comps, CreatedAt: ts(h.CreatedAt), UpdatedAt: ts(h.UpdatedAt),
	}
	if cv.err != nil {
		return false, cv.err
	}
	n, err := o.q.InsertScore(ctx, p)
	return n == 1, err
}

func (o *ops) UpdateScore(ctx context.Context, h domain.HealthScore, hash []byte) (bool, error) {
	comps, err := engine.EncodeJSON(h.Components)
	if err != nil {
		return false, err
	}
	id, err := parseID(h.ID)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateScore(ctx, pgdb.UpdateScoreParams{
		ID: id, Provider: string(h.Provider), Revision: h.Revision, ContentHash: hash, Value: h.Value,
		Qualifier: h.Qualifier, RecordedAt: ts(h.RecordedAt), ZoneOffset: int32(h.ZoneOffset),
		Components: comps, UpdatedAt: ts(h.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) TombstoneScore(ctx context.Context, id string, at time.Time) error {
	sid, err := parseID(id)
	if err != nil {
		return err
	}
	return o.q.TombstoneScore(ctx, pgdb.TombstoneScoreParams{ID: sid, UpdatedAt: ts(at)})
}

func (o *ops) ListHealthScores(ctx context.Context, q store.ScoreQuery) ([]domain.HealthScore, int, error) {
	uid, err := parseID(q.UserID)
	if err != nil {
		return nil, 0, nil // a malformed id owns nothing
	}
	n, err := o.q.CountHealthScores(ctx, pgdb.CountHealthScoresParams{
		UserID: uid, Category: q.Category, Provider: string(q.Provider),
		StartTime: tsPtr(q.Start), EndTime: tsPtr(q.End),
	})
	if err != nil {
		return nil, 0, err
	}
	rs, err := o.q.ListHealthScores(ctx, pgdb.ListHealthScoresParams{
		UserID: uid, Category: q.Category, Provider: string(q.Provider),
		StartTime: tsPtr(q.Start), EndTime: tsPtr(q.End), Lim: int32(q.Limit), Off: int32(q.Offset),
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
