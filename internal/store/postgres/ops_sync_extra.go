package postgres

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

var _ engine.ExtraOps = (*ops)(nil)

func (o *ops) RawDocumentByKey(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error) {
	uid, err := parseID(userID)
	if err != nil {
		return domain.RawDocument{}, err
	}
	r, err := o.q.RawDocumentByKey(ctx, pgdb.RawDocumentByKeyParams{
		UserID: uid, Provider: string(p), DataType: dataType, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return domain.RawDocument{}, nf(err)
	}
	return toRaw(r), nil
}

func (o *ops) GetSyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error) {
	cid, err := parseID(connectionID)
	if err != nil {
		return store.SyncProgress{}, err
	}
	r, err := o.q.GetSyncProgress(ctx, pgdb.GetSyncProgressParams{ConnectionID: cid, DataType: dataType})
	if err != nil {
		return store.SyncProgress{}, nf(err)
	}
	return store.SyncProgress{ConnectionID: r.ConnectionID.String(), DataType: r.DataType, WindowStart: fromTS(r.WindowStart),
		WindowEnd: fromTS(r.WindowEnd), Resume: r.Resume, UpdatedAt: fromTS(r.UpdatedAt)}, nil
}

func (o *ops) PutSyncProgress(ctx context.Context, p store.SyncProgress) error {
	cid, err := parseID(p.ConnectionID)
	if err != nil {
		return err
	}
	return o.q.PutSyncProgress(ctx, pgdb.PutSyncProgressParams{ConnectionID: cid, DataType: p.DataType,
		WindowStart: ts(p.WindowStart), WindowEnd: ts(p.WindowEnd), Resume: p.Resume, UpdatedAt: ts(p.UpdatedAt)})
}

func (o *ops) DeleteSyncProgress(ctx context.Context, connectionID, dataType string) error {
	cid, err := parseID(connectionID)
	if err != nil {
		return nil // matches no row
	}
	return o.q.DeleteSyncProgress(ctx, pgdb.DeleteSyncProgressParams{ConnectionID: cid, DataType: dataType})
}

// ClaimLease is one upsert whose update only applies to an expired or
// own lease, so concurrent claimers across replicas get one winner.
func (o *ops) ClaimLease(ctx context.Context, connectionID, holder string, expires, now time.Time) (bool, error) {
	cid, err := parseID(connectionID)
	if err != nil {
		return false, err
	}
	n, err := o.q.ClaimTokenRefreshLease(ctx, pgdb.ClaimTokenRefreshLeaseParams{ConnectionID: cid, Holder: holder,
		ExpiresAt: ts(expires), Now: ts(now)})
	return n == 1, err
}

func (o *ops) ReleaseLease(ctx context.Context, connectionID, holder string) error {
	cid, err := parseID(connectionID)
	if err != nil {
		return nil
	}
	return o.q.ReleaseTokenRefreshLease(ctx, pgdb.ReleaseTokenRefreshLeaseParams{ConnectionID: cid, Holder: holder})
}

func (o *ops) EnsureBudget(ctx context.Context, b engine.BudgetRow) error {
	return o.q.EnsureRateBudget(ctx, pgdb.EnsureRateBudgetParams{Provider: b.Provider, Bucket: b.Bucket,
		WindowStart: ts(b.WindowStart), WindowSeconds: int32(b.Window / time.Second), LimitCount: int64(b.Limit), UpdatedAt: ts(b.UpdatedAt)})
}

// LockBudget reads the row FOR UPDATE so replicas counting the same
// window serialize on it.
func (o *ops) LockBudget(ctx context.Context, provider, bucket string) (engine.BudgetRow, error) {
	r, err := o.q.GetRateBudget(ctx, pgdb.GetRateBudgetParams{Provider: provider, Bucket: bucket})
	if err != nil {
		return engine.BudgetRow{}, nf(err)
	}
	return engine.BudgetRow{Provider: r.Provider, Bucket: r.Bucket, WindowStart: fromTS(r.WindowStart),
		Window: time.Duration(r.WindowSeconds) * time.Second, Limit: int(r.LimitCount), Used: int(r.Used),
		BlockedUntil: fromTSPtr(r.BlockedUntil), UpdatedAt: fromTS(r.UpdatedAt)}, nil
}

func (o *ops) SaveBudget(ctx context.Context, b engine.BudgetRow) error {
	return o.q.SaveRateBudget(ctx, pgdb.SaveRateBudgetParams{Provider: b.Provider, Bucket: b.Bucket,
		WindowStart: ts(b.WindowStart), WindowSeconds: int32(b.Window / time.Second), LimitCount: int64(b.Limit),
		Used: int64(b.Used), UpdatedAt: ts(b.UpdatedAt)})
}

func (o *ops) PauseBudget(ctx context.Context, provider string, until, now time.Time) error {
	u := ts(until)
	return o.q.PauseRateBudget(ctx, pgdb.PauseRateBudgetParams{Provider: provider, BlockedUntil: &u, UpdatedAt: ts(now)})
}
