package sqlite

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

var _ engine.ExtraOps = (*ops)(nil)

func (o *ops) RawDocumentByKey(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error) {
	r, err := o.q.RawDocumentByKey(ctx, sqlitedb.RawDocumentByKeyParams{
		UserID: userID, Provider: string(p), DataType: dataType, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return domain.RawDocument{}, nf(err)
	}
	return toRaw(r), nil
}

func (o *ops) GetSyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error) {
	r, err := o.q.GetSyncProgress(ctx, sqlitedb.GetSyncProgressParams{ConnectionID: connectionID, DataType: dataType})
	if err != nil {
		return store.SyncProgress{}, nf(err)
	}
	return store.SyncProgress{ConnectionID: r.ConnectionID, DataType: r.DataType, WindowStart: fromMS(r.WindowStart),
		WindowEnd: fromMS(r.WindowEnd), Resume: r.Resume, UpdatedAt: fromMS(r.UpdatedAt)}, nil
}

func (o *ops) PutSyncProgress(ctx context.Context, p store.SyncProgress) error {
	return o.q.PutSyncProgress(ctx, sqlitedb.PutSyncProgressParams{ConnectionID: p.ConnectionID, DataType: p.DataType,
		WindowStart: ms(p.WindowStart), WindowEnd: ms(p.WindowEnd), Resume: p.Resume, UpdatedAt: ms(p.UpdatedAt)})
}

func (o *ops) DeleteSyncProgress(ctx context.Context, connectionID, dataType string) error {
	return o.q.DeleteSyncProgress(ctx, sqlitedb.DeleteSyncProgressParams{ConnectionID: connectionID, DataType: dataType})
}

// ClaimLease runs the three-step claim; the surrounding IMMEDIATE
// transaction makes it atomic.
func (o *ops) ClaimLease(ctx context.Context, connectionID, holder string, expires, now time.Time) (bool, error) {
	if err := o.q.DeleteExpiredTokenRefreshLease(ctx, sqlitedb.DeleteExpiredTokenRefreshLeaseParams{ConnectionID: connectionID, Now: ms(now)}); err != nil {
		return false, err
	}
	if err := o.q.InsertTokenRefreshLease(ctx, sqlitedb.InsertTokenRefreshLeaseParams{ConnectionID: connectionID, Holder: holder, ExpiresAt: ms(expires)}); err != nil {
		return false, err
	}
	n, err := o.q.ExtendTokenRefreshLease(ctx, sqlitedb.ExtendTokenRefreshLeaseParams{ConnectionID: connectionID, Holder: holder, ExpiresAt: ms(expires)})
	return n == 1, err
}

func (o *ops) ReleaseLease(ctx context.Context, connectionID, holder string) error {
	return o.q.ReleaseTokenRefreshLease(ctx, sqlitedb.ReleaseTokenRefreshLeaseParams{ConnectionID: connectionID, Holder: holder})
}

func (o *ops) EnsureBudget(ctx context.Context, b engine.BudgetRow) error {
	return o.q.EnsureRateBudget(ctx, sqlitedb.EnsureRateBudgetParams{Provider: b.Provider, Bucket: b.Bucket,
		WindowStart: ms(b.WindowStart), WindowSeconds: int64(b.Window / time.Second), LimitCount: int64(b.Limit), UpdatedAt: ms(b.UpdatedAt)})
}

func (o *ops) LockBudget(ctx context.Context, provider, bucket string) (engine.BudgetRow, error) {
	r, err := o.q.GetRateBudget(ctx, sqlitedb.GetRateBudgetParams{Provider: provider, Bucket: bucket})
	if err != nil {
		return engine.BudgetRow{}, nf(err)
	}
	return engine.BudgetRow{Provider: r.Provider, Bucket: r.Bucket, WindowStart: fromMS(r.WindowStart),
		Window: time.Duration(r.WindowSeconds) * time.Second, Limit: int(r.LimitCount), Used: int(r.Used),
		BlockedUntil: fromMSPtr(r.BlockedUntil), UpdatedAt: fromMS(r.UpdatedAt)}, nil
}

func (o *ops) SaveBudget(ctx context.Context, b engine.BudgetRow) error {
	return o.q.SaveRateBudget(ctx, sqlitedb.SaveRateBudgetParams{Provider: b.Provider, Bucket: b.Bucket,
		WindowStart: ms(b.WindowStart), WindowSeconds: int64(b.Window / time.Second), LimitCount: int64(b.Limit),
		Used: int64(b.Used), UpdatedAt: ms(b.UpdatedAt)})
}

func (o *ops) PauseBudget(ctx context.Context, provider string, until, now time.Time) error {
	return o.q.PauseRateBudget(ctx, sqlitedb.PauseRateBudgetParams{Provider: provider, BlockedUntil: ms(until), UpdatedAt: ms(now)})
}
