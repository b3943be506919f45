package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestOutboxCursorNeverSkipsInFlight: PostgreSQL draws seq values before
// commit, so a transaction that drew seq n and commits after one that
// drew n+1 would let a reader move its cursor past n for good. The outbox
// append takes a transaction-level lock, so the later writer waits and a
// reader following the feed by cursor sees every change.
func TestOutboxCursorNeverSkipsInFlight(t *testing.T) {
	t.Parallel()
	s := storetest.NewPostgres(t)
	ctx := t.Context()
	u, err := s.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	ds, err := s.EnsureDataSource(ctx, domain.DataSource{UserID: u.ID, Provider: domain.ProviderOura})
	require.NoError(t, err)
	ev := func(id string) domain.Event {
		start := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
		return domain.Event{RecordMeta: domain.RecordMeta{UserID: u.ID, DataSourceID: ds.ID, ProviderRecordID: id},
			Category: domain.CategoryWorkout, Type: "running", StartTime: start, EndTime: start.Add(time.Hour)}
	}
	var cursor int64
	for _, c := range storetest.Changes(t, s) {
		cursor = c.Seq
	}

	drawn, release := make(chan struct{}), make(chan struct{})
	aDone := make(chan error, 1)
	go func() {
		aDone <- s.InTx(ctx, func(tx store.Tx) error {
			if _, err := tx.UpsertEvents(ctx, []domain.Event{ev("a")}); err != nil {
				return err
			}
			// Reading the outbox inside the transaction appends its row:
			// A has drawn its seq and is still in flight.
			if _, err := tx.Changes(ctx, 0, 1); err != nil {
				return err
			}
			close(drawn)
			<-release
			return nil
		})
	}()
	<-drawn
	bDone := make(chan error, 1)
	go func() {
		_, err := s.UpsertEvents(ctx, []domain.Event{ev("b")})
		bDone <- err
	}()
	// Wait until B has committed or is waiting for the outbox lock.
	require.Eventually(t, func() bool {
		select {
		case err := <-bDone:
			bDone <- err
			return true
		default:
		}
		var waiting int
		err := s.Pool().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%outbox_lock%'`).Scan(&waiting)
		return err == nil && waiting > 0
	}, 10*time.Second, 5*time.Millisecond)

	// A reader following the feed now must not pass A's change.
	var seen []domain.Change
	read := func() {
		cs, err := s.Changes(ctx, cursor, 100)
		require.NoError(t, err)
		seen = append(seen, cs...)
		if len(cs) > 0 {
			cursor = cs[len(cs)-1].Seq
		}
	}
	read()
	close(release)
	require.NoError(t, <-aDone)
	require.NoError(t, <-bDone)
	read()
	require.Len(t, seen, 2, "the reader saw both changes: none was skipped")
	require.Less(t, seen[0].Seq, seen[1].Seq)
}
