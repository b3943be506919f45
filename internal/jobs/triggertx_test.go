package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestTriggerTxCommitsWithTheCaller: a job enqueued with TriggerTx in a
// store transaction exists exactly when the transaction commits — the
// connection's upsert and its backfill never part.
func TestTriggerTxCommitsWithTheCaller(t *testing.T) {
	t.Parallel()
	stores := map[string]func(t *testing.T) (store.Store, Runner){
		"SQLite": func(t *testing.T) (store.Store, Runner) {
			st := storetest.NewSQLite(t)
			r, err := NewSQLite(st.DB(), Options{})
			require.NoError(t, err)
			return st, r
		},
		"Postgres": func(t *testing.T) (store.Store, Runner) {
			st := storetest.NewPostgres(t)
			r, err := NewPostgres(st.Pool(), Options{})
			require.NoError(t, err)
			return st, r
		},
	}
	for name, open := range stores {
		for _, commit := range []bool{true, false} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ctx := t.Context()
				st, r := open(t)
				email := "tx@example.com"
				u, err := st.CreateUser(ctx, domain.User{Email: &email, CreatedAt: time.Now()})
				require.NoError(t, err)
				rollback := errors.New("the callback failed after the upsert")
				var ticket Ticket
				err = st.InTx(ctx, func(tx store.Tx) error {
					c, err := tx.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: domain.ProviderOura,
						ProviderUserID: "p1", Status: domain.ConnectionActive, AccessToken: "a", RefreshToken: "r"})
					if err != nil {
						return err
					}
					if ticket, err = (Queue{R: r}).TriggerSyncTx(ctx, tx, c.ID, "backfill", 0); err != nil {
						return err
					}
					if !commit {
						return rollback
					}
					return nil
				})
				js, jerr := r.Jobs(context.WithoutCancel(ctx), SyncArgs{}.Kind())
				require.NoError(t, jerr)
				conns, cerr := st.ListConnections(ctx, u.ID)
				require.NoError(t, cerr)
				if commit {
					require.NoError(t, err)
					require.Equal(t, Enqueued, ticket.Outcome)
					require.Len(t, js, 1)
					require.Len(t, conns, 1)
					return
				}
				require.ErrorIs(t, err, rollback)
				require.Empty(t, js, "no backfill for a connection that was not stored")
				require.Empty(t, conns)
			})
		}
	}
}
