package sqlite

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

func (o *ops) GetCursor(ctx context.Context, connectionID, dataType string) (domain.SyncCursor, error) {
	r, err := o.q.GetCursor(ctx, sqlitedb.GetCursorParams{ConnectionID: connectionID, DataType: dataType})
	if err != nil {
		return domain.SyncCursor{}, nf(err)
	}
	return domain.SyncCursor{
		ConnectionID: r.ConnectionID, DataType: r.DataType, HighWater: fromMS(r.HighWater), UpdatedAt: fromMS(r.UpdatedAt),
	}, nil
}

func (o *ops) SetCursor(ctx context.Context, c domain.SyncCursor) error {
	return o.q.SetCursor(ctx, sqlitedb.SetCursorParams{
		ConnectionID: c.ConnectionID, DataType: c.DataType, HighWater: ms(c.HighWater), UpdatedAt: ms(c.UpdatedAt),
	})
}

// optional maps "" to NULL for optional references.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (o *ops) InsertSyncRun(ctx context.Context, r domain.SyncRun) error {
	return o.q.InsertSyncRun(ctx, sqlitedb.InsertSyncRunParams{
		ID: r.ID, UserID: r.UserID, ConnectionID: optional(r.ConnectionID), Provider: string(r.Provider),
		Source: r.Source, Status: string(r.Status), Fetched: int64(r.Fetched), Stored: int64(r.Stored),
		Updated: int64(r.Updated), Deleted: int64(r.Deleted), Error: r.Error,
		StartedAt: ms(r.StartedAt), EndedAt: msPtr(r.EndedAt),
	})
}

func (o *ops) FinishSyncRun(ctx context.Context, r domain.SyncRun) (int64, error) {
	return o.q.FinishSyncRun(ctx, sqlitedb.FinishSyncRunParams{
		ID: r.ID, Status: string(r.Status), Fetched: int64(r.Fetched), Stored: int64(r.Stored),
		Updated: int64(r.Updated), Deleted: int64(r.Deleted), Error: r.Error, EndedAt: msPtr(r.EndedAt),
	})
}

func (o *ops) ListSyncRuns(ctx context.Context, q store.SyncRunQuery) ([]domain.SyncRun, error) {
	rs, err := o.q.ListSyncRuns(ctx, sqlitedb.ListSyncRunsParams{
		UserID: q.UserID, Provider: string(q.Provider), Status: string(q.Status), Lim: int64(q.Limit),
	})
	if err != nil {
		return nil, err
	}
	out := make([]domain.SyncRun, len(rs))
	for i, r := range rs {
		out[i] = domain.SyncRun{
			ID: r.ID, UserID: r.UserID, Provider: domain.Provider(r.Provider), Source: r.Source,
			Status: domain.SyncRunStatus(r.Status), Fetched: int(r.Fetched), Stored: int(r.Stored),
			Updated: int(r.Updated), Deleted: int(r.Deleted), Error: r.Error,
			StartedAt: fromMS(r.StartedAt), EndedAt: fromMSPtr(r.EndedAt),
		}
		if r.ConnectionID != nil {
			out[i].ConnectionID = *r.ConnectionID
		}
	}
	return out, nil
}

func (o *ops) PutOAuthState(ctx context.Context, s domain.OAuthState) error {
	return o.q.PutOAuthState(ctx, sqlitedb.PutOAuthStateParams{
		State: s.State, UserID: s.UserID, Provider: string(s.Provider), RedirectUri: s.RedirectURI,
		CodeVerifier: s.CodeVerifier, ExpiresAt: ms(s.ExpiresAt), CreatedAt: ms(s.CreatedAt),
	})
}

func (o *ops) TakeOAuthState(ctx context.Context, state string) (domain.OAuthState, error) {
	r, err := o.q.TakeOAuthState(ctx, state)
	if err != nil {
		return domain.OAuthState{}, nf(err)
	}
	return domain.OAuthState{
		State: r.State, UserID: r.UserID, Provider: domain.Provider(r.Provider), RedirectURI: r.RedirectUri,
		CodeVerifier: r.CodeVerifier, ExpiresAt: fromMS(r.ExpiresAt), CreatedAt: fromMS(r.CreatedAt),
	}, nil
}

func (o *ops) DeleteExpiredOAuthStates(ctx context.Context, now time.Time) (int64, error) {
	return o.q.DeleteExpiredOAuthStates(ctx, ms(now))
}

func (o *ops) InsertChange(ctx context.Context, c domain.Change) error {
	return o.q.InsertChange(ctx, sqlitedb.InsertChangeParams{
		UserID: c.UserID, Kind: c.Kind, RecordID: c.RecordID, ChangeType: string(c.ChangeType), At: ms(c.At),
	})
}

func (o *ops) ListChanges(ctx context.Context, afterSeq int64, limit int) ([]domain.Change, error) {
	rs, err := o.q.ListChanges(ctx, sqlitedb.ListChangesParams{AfterSeq: afterSeq, Lim: int64(limit)})
	if err != nil {
		return nil, err
	}
	out := make([]domain.Change, len(rs))
	for i, r := range rs {
		out[i] = domain.Change{
			Seq: r.Seq, UserID: r.UserID, Kind: r.Kind, RecordID: r.RecordID,
			ChangeType: domain.ChangeType(r.ChangeType), At: fromMS(r.At),
		}
	}
	return out, nil
}
