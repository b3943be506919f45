package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

func (o *ops) GetCursor(ctx context.Context, connectionID, dataType string) (domain.SyncCursor, error) {
	cid, err := parseID(connectionID)
	if err != nil {
		return domain.SyncCursor{}, err
	}
	r, err := o.q.GetCursor(ctx, pgdb.GetCursorParams{ConnectionID: cid, DataType: dataType})
	if err != nil {
		return domain.SyncCursor{}, nf(err)
	}
	return domain.SyncCursor{
		ConnectionID: r.ConnectionID.String(), DataType: r.DataType, HighWater: fromTS(r.HighWater), UpdatedAt: fromTS(r.UpdatedAt),
	}, nil
}

func (o *ops) SetCursor(ctx context.Context, c domain.SyncCursor) error {
	cid, err := parseID(c.ConnectionID)
	if err != nil {
		return err
	}
	return o.q.SetCursor(ctx, pgdb.SetCursorParams{
		ConnectionID: cid, DataType: c.DataType, HighWater: ts(c.HighWater), UpdatedAt: ts(c.UpdatedAt),
	})
}

// optional maps "" to NULL for optional references.
func (c *conv) optional(s string) *uuid.UUID {
	if s == "" {
		return nil
	}
	u := c.id(s)
	return &u
}

func (o *ops) InsertSyncRun(ctx context.Context, r domain.SyncRun) error {
	var cv conv
	p := pgdb.InsertSyncRunParams{
		ID: cv.id(r.ID), UserID: cv.id(r.UserID), ConnectionID: cv.optional(r.ConnectionID), Provider: string(r.Provider),
		Source: r.Source, Status: string(r.Status), Fetched: int64(r.Fetched), Stored: int64(r.Stored),
		Updated: int64(r.Updated), Deleted: int64(r.Deleted), Error: r.Error,
		StartedAt: ts(r.StartedAt), EndedAt: tsPtr(r.EndedAt),
	}
	if cv.err != nil {
		return cv.err
	}
	return o.q.InsertSyncRun(ctx, p)
}

func (o *ops) FinishSyncRun(ctx context.Context, r domain.SyncRun) (int64, error) {
	id, err := parseID(r.ID)
	if err != nil {
		return 0, nil // matches no row
	}
	return o.q.FinishSyncRun(ctx, pgdb.FinishSyncRunParams{
		ID: id, Status: string(r.Status), Fetched: int64(r.Fetched), Stored: int64(r.Stored),
		Updated: int64(r.Updated), Deleted: int64(r.Deleted), Error: r.Error, EndedAt: tsPtr(r.EndedAt),
	})
}

func (o *ops) ListSyncRuns(ctx context.Context, q store.SyncRunQuery) ([]domain.SyncRun, error) {
	var uid *uuid.UUID
	if q.UserID != "" {
		u, err := parseID(q.UserID)
		if err != nil {
			return nil, nil // a malformed id owns nothing
		}
		uid = &u
	}
	rs, err := o.q.ListSyncRuns(ctx, pgdb.ListSyncRunsParams{
		UserID: uid, Provider: string(q.Provider), Status: string(q.Status), Lim: int32(q.Limit),
	})
	if err != nil {
		return nil, err
	}
	out := make([]domain.SyncRun, len(rs))
	for i, r := range rs {
		out[i] = domain.SyncRun{
			ID: r.ID.String(), UserID: r.UserID.String(), Provider: domain.Provider(r.Provider), Source: r.Source,
			Status: domain.SyncRunStatus(r.Status), Fetched: int(r.Fetched), Stored: int(r.Stored),
			Updated: int(r.Updated), Deleted: int(r.Deleted), Error: r.Error,
			StartedAt: fromTS(r.StartedAt), EndedAt: fromTSPtr(r.EndedAt),
		}
		if r.ConnectionID != nil {
			out[i].ConnectionID = r.ConnectionID.String()
		}
	}
	return out, nil
}

func (o *ops) PutOAuthState(ctx context.Context, s domain.OAuthState) error {
	uid, err := parseID(s.UserID)
	if err != nil {
		return err
	}
	return o.q.PutOAuthState(ctx, pgdb.PutOAuthStateParams{
		State: s.State, UserID: uid, Provider: string(s.Provider), RedirectUri: s.RedirectURI,
		CodeVerifier: s.CodeVerifier, ExpiresAt: ts(s.ExpiresAt), CreatedAt: ts(s.CreatedAt),
	})
}

func (o *ops) TakeOAuthState(ctx context.Context, state string) (domain.OAuthState, error) {
	r, err := o.q.TakeOAuthState(ctx, state)
	if err != nil {
		return domain.OAuthState{}, nf(err)
	}
	return domain.OAuthState{
		State: r.State, UserID: r.UserID.String(), Provider: domain.Provider(r.Provider), RedirectURI: r.RedirectUri,
		CodeVerifier: r.CodeVerifier, ExpiresAt: fromTS(r.ExpiresAt), CreatedAt: fromTS(r.CreatedAt),
	}, nil
}

func (o *ops) DeleteExpiredOAuthStates(ctx context.Context, now time.Time) (int64, error) {
	return o.q.DeleteExpiredOAuthStates(ctx, ts(now))
}

func (o *ops) InsertChange(ctx context.Context, c domain.Change) error {
	uid, err := parseID(c.UserID)
	if err != nil {
		return err
	}
	return o.q.InsertChange(ctx, pgdb.InsertChangeParams{
		UserID: uid, Kind: c.Kind, RecordID: c.RecordID, ChangeType: string(c.ChangeType), At: ts(c.At),
	})
}

func (o *ops) ListChanges(ctx context.Context, afterSeq int64, limit int) ([]domain.Change, error) {
	rs, err := o.q.ListChanges(ctx, pgdb.ListChangesParams{AfterSeq: afterSeq, Lim: int32(limit)})
	if err != nil {
		return nil, err
	}
	out := make([]domain.Change, len(rs))
	for i, r := range rs {
		out[i] = domain.Change{
			Seq: r.Seq, UserID: r.UserID.String(), Kind: r.Kind, RecordID: r.RecordID,
			ChangeType: domain.ChangeType(r.ChangeType), At: fromTS(r.At),
		}
	}
	return out, nil
}
