package event

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Records renders the record a change names as its REST route serves it
// (api.RenderRecord), nil when the route has no per-record object.
type Records func(ctx context.Context, st store.Reader, c domain.Change) (json.RawMessage, error)

// Samples renders raw samples of one series of one data source, each as
// the timeseries route serves it (api.SampleRenderer).
type Samples func(ctx context.Context, st store.Reader, userID, dataSourceID string, typ domain.SeriesType, samples []timeseries.Sample) ([]json.RawMessage, error)

// DefaultSampleCap bounds the samples a series event carries; beyond it
// the event links to the timeseries route.
const DefaultSampleCap = 1000

// Renderer builds message bodies; it implements delivery.Renderer.
type Renderer struct {
	Store   store.Reader
	Records Records
	// Samples renders series samples; without it a sample is only
	// {timestamp, value}.
	Samples Samples
	// SampleCap bounds series samples (default DefaultSampleCap).
	SampleCap int
}

// Envelope is the body of every message.
type Envelope struct {
	Type      string `json:"type"`
	Timestamp string `json:"timestamp"`
	// ChangeID is the outbox seq: the same cursor GET /api/v1/changes
	// pages on, so a receiver can resume the feed from any message.
	ChangeID int64           `json:"change_id"`
	UserID   string          `json:"user_id"`
	Provider *string         `json:"provider"`
	Data     json.RawMessage `json:"data"`
}

// ForBatch returns a renderer for one batch of changes: it reads each
// user's data sources once for the whole batch instead of once per
// change. Records written meanwhile are still read fresh.
func (r *Renderer) ForBatch() interface {
	EventType(c domain.Change) string
	Render(ctx context.Context, c domain.Change, eventType string) ([]byte, error)
} {
	b := *r
	b.Store = &sourceCache{Reader: r.Store, byUser: map[string][]domain.DataSource{}}
	return &b
}

// sourceCache is a store.Reader that remembers ListDataSources per user.
type sourceCache struct {
	store.Reader
	byUser map[string][]domain.DataSource
}

// ListDataSources implements store.Reader, once per user.
func (c *sourceCache) ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	if ds, ok := c.byUser[userID]; ok {
		return ds, nil
	}
	ds, err := c.Reader.ListDataSources(ctx, userID)
	if err == nil {
		c.byUser[userID] = ds
	}
	return ds, err
}

// EventType implements delivery.Renderer.
func (r *Renderer) EventType(c domain.Change) string { return Type(c) }

// Render implements delivery.Renderer.
func (r *Renderer) Render(ctx context.Context, c domain.Change, typ string) ([]byte, error) {
	data, err := r.data(ctx, c)
	if err != nil {
		return nil, err
	}
	env := Envelope{Type: typ, Timestamp: c.At.UTC().Format(time.RFC3339Nano), ChangeID: c.Seq, UserID: c.UserID, Data: data}
	if c.Provider != "" {
		p := string(c.Provider)
		env.Provider = &p
	}
	return json.Marshal(env)
}

// data is the event's data object.
func (r *Renderer) data(ctx context.Context, c domain.Change) (json.RawMessage, error) {
	if r.Records != nil {
		d, err := r.Records(ctx, r.Store, c)
		if err != nil || d != nil {
			return d, err
		}
	}
	switch c.Kind {
	case domain.ChangeKindSeries:
		return r.series(ctx, c)
	case domain.ChangeKindConnection:
		return r.connection(ctx, c)
	case domain.ChangeKindSyncRun:
		return r.syncRun(ctx, c)
	}
	return json.Marshal(map[string]string{"id": c.RecordID, "kind": c.Kind})
}

// seriesData is a series event's data: one day of one data source's
// samples of one type.
type seriesData struct {
	DataSourceID string            `json:"data_source_id"`
	SeriesType   string            `json:"series_type"`
	Unit         string            `json:"unit"`
	Date         string            `json:"date"`
	SampleCount  int               `json:"sample_count"`
	Truncated    bool              `json:"truncated"`
	Samples      []json.RawMessage `json:"samples"`
	// Link is the timeseries route serving every sample of the day.
	Link string `json:"link"`
}

type seriesSample struct {
	Timestamp string  `json:"timestamp"`
	Value     float64 `json:"value"`
}

func (r *Renderer) series(ctx context.Context, c domain.Change) (json.RawMessage, error) {
	parts := strings.Split(c.RecordID, "/")
	st, ok := seriesType(c.RecordID)
	if !ok || len(parts) != 3 {
		return nil, fmt.Errorf("event: series change %d: bad record id %q", c.Seq, c.RecordID)
	}
	day, err := time.Parse(time.DateOnly, parts[2])
	if err != nil {
		return nil, fmt.Errorf("event: series change %d: %w", c.Seq, err)
	}
	out := seriesData{DataSourceID: parts[0], SeriesType: st.Code, Unit: st.Unit, Date: parts[2], Samples: []json.RawMessage{},
		Link: fmt.Sprintf("/api/v1/users/%s/timeseries?types=%s&start_time=%s&end_time=%s&data_source_id=%s",
			c.UserID, st.Code, day.Format(time.RFC3339), day.Add(24*time.Hour).Format(time.RFC3339), parts[0])}
	if c.ChangeType != domain.ChangeDeleted {
		groups, err := r.Store.ReadSamples(ctx, store.SampleQuery{UserID: c.UserID, TypeIDs: []int{st.ID}, DataSourceIDs: []string{parts[0]},
			Start: day, End: day.Add(24 * time.Hour)})
		if err != nil {
			return nil, fmt.Errorf("event: series change %d: %w", c.Seq, err)
		}
		limit := r.SampleCap
		if limit <= 0 {
			limit = DefaultSampleCap
		}
		var kept []timeseries.Sample
		for _, g := range groups {
			out.SampleCount += len(g.Samples)
			n := min(len(g.Samples), limit-len(kept))
			kept = append(kept, g.Samples[:n]...)
		}
		out.Truncated = out.SampleCount > len(kept)
		if out.Samples, err = r.samples(ctx, c.UserID, parts[0], st, kept); err != nil {
			return nil, fmt.Errorf("event: series change %d: %w", c.Seq, err)
		}
	}
	return json.Marshal(out)
}

// samples renders kept through r.Samples, or minimally without it.
func (r *Renderer) samples(ctx context.Context, userID, dsID string, st domain.SeriesType, kept []timeseries.Sample) ([]json.RawMessage, error) {
	if r.Samples != nil {
		out, err := r.Samples(ctx, r.Store, userID, dsID, st, kept)
		if out == nil && err == nil {
			out = []json.RawMessage{}
		}
		return out, err
	}
	out := make([]json.RawMessage, len(kept))
	for i, s := range kept {
		b, err := json.Marshal(seriesSample{Timestamp: time.UnixMilli(s.T).UTC().Format(time.RFC3339), Value: s.V})
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
