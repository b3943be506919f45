package engine

import (
	"context"
	"fmt"
	"math"
	"time"

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
	ss, err := t.ops.ListDailySummaries(ctx, q)
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
	ss, err := t.ops.ListSummaryMetrics(ctx, q, kinds)
	if err != nil {
		return nil, fmt.Errorf("store: list summary metrics: %w", err)
	}
	return ss, nil
}

// UpsertDailySummaries stores summaries idempotently, keyed by (data
// source, kind, provider record id).
func (t *Tx) UpsertDailySummaries(ctx context.Context, ss []domain.DailySummary) (domain.WriteResult, error) {
	var total domain.WriteResult
	for _, s := range ss {
		s = normalizeSummary(s)
		hash, err := SummaryHash(s)
		if err != nil {
			return total, fmt.Errorf("store: upsert daily summary: %w", err)
		}
		res, err := t.upsertOne(ctx, domain.ChangeKindDailySummary, "daily summary", &s.RecordMeta, hash,
			func() (RecordState, error) {
				return t.ops.SummaryState(ctx, s.DataSourceID, s.Kind, s.ProviderRecordID)
			},
			func() (bool, error) { return t.ops.InsertSummary(ctx, s, hash) },
			func() (bool, error) { return t.ops.UpdateSummary(ctx, s, hash) })
		if err != nil {
			return total, err
		}
		total.Add(res)
	}
	return total, nil
}

// ListHealthScores returns a page of a user's live scores and the total.
func (t *Tx) ListHealthScores(ctx context.Context, q store.ScoreQuery) ([]domain.HealthScore, int, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultPageLimit
	}
	q.Offset = max(q.Offset, 0)
	q.Start, q.End = MSPtr(q.Start), MSPtr(q.End)
	hs, n, err := t.ops.ListHealthScores(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list health scores: %w", err)
	}
	return hs, n, nil
}

// UpsertHealthScores stores scores idempotently, keyed by (data source,
// category, provider record id).
func (t *Tx) UpsertHealthScores(ctx context.Context, hs []domain.HealthScore) (domain.WriteResult, error) {
	var total domain.WriteResult
	for _, h := range hs {
		h = normalizeScore(h)
		hash, err := ScoreHash(h)
		if err != nil {
			return total, fmt.Errorf("store: upsert health score: %w", err)
		}
		res, err := t.upsertOne(ctx, domain.ChangeKindHealthScore, "health score", &h.RecordMeta, hash,
			func() (RecordState, error) {
				return t.ops.ScoreState(ctx, h.DataSourceID, h.Category, h.ProviderRecordID)
			},
			func() (bool, error) { return t.ops.InsertScore(ctx, h, hash) },
			func() (bool, error) { return t.ops.UpdateScore(ctx, h, hash) })
		if err != nil {
			return total, err
		}
		total.Add(res)
	}
	return total, nil
}

// MarkHealthScoresDeleted tombstones every category stored under each
// provider record id (one provider record can yield several scores).
func (t *Tx) MarkHealthScoresDeleted(ctx context.Context, dataSourceID string, providerRecordIDs []string) (domain.WriteResult, error) {
	var total domain.WriteResult
	for _, pid := range providerRecordIDs {
		sts, err := t.ops.ScoreStatesByProviderID(ctx, dataSourceID, pid)
		if err != nil {
			return total, fmt.Errorf("store: delete health score %s: %w", pid, err)
		}
		for _, st := range sts {
			res, err := t.tombstone(ctx, domain.ChangeKindHealthScore, st, func(id string, at time.Time) error {
				return t.ops.TombstoneScore(ctx, id, at)
			})
			if err != nil {
				return total, err
			}
			total.Add(res)
		}
	}
	return total, nil
}
