package event

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// connectionData is a connection event's data (Open Wearables' fields:
// connection_id, provider, connected_at or revoked_at, reason).
type connectionData struct {
	ConnectionID   string  `json:"connection_id"`
	UserID         string  `json:"user_id"`
	Provider       string  `json:"provider"`
	ProviderUserID string  `json:"provider_user_id"`
	Status         string  `json:"status"`
	Reason         *string `json:"reason"`
	ConnectedAt    *string `json:"connected_at,omitempty"`
	RevokedAt      *string `json:"revoked_at,omitempty"`
	At             string  `json:"at"`
}

func (r *Renderer) connection(ctx context.Context, c domain.Change) (json.RawMessage, error) {
	at := c.At.UTC().Format(time.RFC3339Nano)
	out := connectionData{ConnectionID: c.RecordID, UserID: c.UserID, Provider: string(c.Provider), At: at}
	conn, err := r.Store.ConnectionByID(ctx, c.RecordID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		out.Status = "deleted"
	case err != nil:
		return nil, fmt.Errorf("event: connection %s: %w", c.RecordID, err)
	default:
		out.ProviderUserID, out.Status = conn.ProviderUserID, string(conn.Status)
		if conn.StatusReason != "" {
			out.Reason = &conn.StatusReason
		}
	}
	switch c.ChangeType {
	case domain.ChangeCreated:
		out.ConnectedAt = &at
	case domain.ChangeRevoked:
		out.RevokedAt = &at
	}
	return json.Marshal(out)
}

// syncData is a sync.completed event's data: the run and its counts.
type syncData struct {
	RunID        string  `json:"run_id"`
	UserID       string  `json:"user_id"`
	Provider     string  `json:"provider"`
	ConnectionID string  `json:"connection_id"`
	Source       string  `json:"source"`
	Status       string  `json:"status"`
	Fetched      int     `json:"items_fetched"`
	Stored       int     `json:"items_stored"`
	Updated      int     `json:"items_updated"`
	Deleted      int     `json:"items_deleted"`
	Error        *string `json:"error"`
	StartedAt    string  `json:"started_at"`
	EndedAt      *string `json:"ended_at"`
}

// syncLookback bounds the runs searched for the one a change names; the
// change is rendered right after the run ends, so it is among the newest.
const syncLookback = 200

func (r *Renderer) syncRun(ctx context.Context, c domain.Change) (json.RawMessage, error) {
	runs, err := r.Store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: c.UserID, Provider: c.Provider, Limit: syncLookback})
	if err != nil {
		return nil, fmt.Errorf("event: sync run %s: %w", c.RecordID, err)
	}
	out := syncData{RunID: c.RecordID, UserID: c.UserID, Provider: string(c.Provider)}
	for _, run := range runs {
		if run.ID != c.RecordID {
			continue
		}
		out.ConnectionID, out.Source, out.Status = run.ConnectionID, run.Source, string(run.Status)
		out.Fetched, out.Stored, out.Updated, out.Deleted = run.Fetched, run.Stored, run.Updated, run.Deleted
		if run.Error != "" {
			out.Error = &run.Error
		}
		out.StartedAt = run.StartedAt.UTC().Format(time.RFC3339Nano)
		if run.EndedAt != nil {
			e := run.EndedAt.UTC().Format(time.RFC3339Nano)
			out.EndedAt = &e
		}
	}
	return json.Marshal(out)
}
